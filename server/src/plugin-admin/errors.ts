import { ORPCError } from "@orpc/server";

/** Answers for the admin API: every refusal is a typed 4xx naming what is wrong, never a 500. */
export const badRequest = (message: string) => new ORPCError("BAD_REQUEST", { message });
export const notFound = (message: string) => new ORPCError("NOT_FOUND", { message });
export const conflict = (message: string, data?: Record<string, unknown>) => new ORPCError("CONFLICT", { message, ...(data ? { data } : {}) });
export const forbidden = (message: string) => new ORPCError("FORBIDDEN", { message });
