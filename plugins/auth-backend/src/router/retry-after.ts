import { ORPCError } from "@orpc/server";
import type { RpcContext } from "@checkstack/backend-api";

/**
 * Runs a rate-limit check; when it refuses, the HTTP answer also carries a
 * Retry-After header (RPC clients read retryAfterSeconds from the error data).
 */
export async function withRetryAfter(context: RpcContext, check: () => Promise<void>): Promise<void> {
  try {
    await check();
  } catch (error) {
    if (error instanceof ORPCError && error.code === "TOO_MANY_REQUESTS") {
      const data: unknown = error.data;
      const seconds = typeof data === "object" && data !== null ? (data as { retryAfterSeconds?: unknown }).retryAfterSeconds : undefined;
      if (typeof seconds === "number") context.responseHeaders?.set("retry-after", String(seconds));
    }
    throw error;
  }
}
