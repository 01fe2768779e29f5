import { z } from "zod";

/** What a heartbeat check has heard, without the token (only its creation time). */
export const HeartbeatStateSchema = z.object({
  checkId: z.uuid(),
  hasPingUrl: z.boolean(),
  pingUrlCreatedAt: z.date().nullable(),
  lastPingAt: z.date().nullable(),
  lastPingKind: z.enum(["success", "fail"]).nullable(),
  /** Set while a job that pinged /start has not reported its end. */
  startedAt: z.date().nullable(),
  lastMessage: z.string().nullable(),
  lastExitStatus: z.number().int().nullable(),
  lastDurationMs: z.number().int().nullable(),
});
export type HeartbeatState = z.infer<typeof HeartbeatStateSchema>;

/** A new ping URL: shown once, stored only as a hash. */
export const PingUrlSchema = z.object({
  checkId: z.uuid(),
  token: z.string(),
  /** Relative to the platform's address: POST or GET it; append /fail or /start for those events. */
  path: z.string(),
});
export type PingUrl = z.infer<typeof PingUrlSchema>;

export const CheckIdInputSchema = z.object({ checkId: z.uuid("checkId must be a UUID") });
