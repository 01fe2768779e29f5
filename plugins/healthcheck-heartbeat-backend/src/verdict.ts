import type { HealthCheckResult } from "@checkstack/backend-api";
import type { HeartbeatState } from "@checkstack/healthcheck-heartbeat-common";
import type { HeartbeatConfig } from "./config";

function seconds(from: Date, to: Date): number {
  return Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
}

/**
 * Healthy while the last report was a success no older than period + grace. Before the first report the
 * URL's creation starts the clock, so a new check gets one period to hear from its job.
 */
export function judgeHeartbeat(state: HeartbeatState & { now: Date }, config: HeartbeatConfig): HealthCheckResult {
  const allowedSeconds = config.periodSeconds + config.graceSeconds;
  const metadata: Record<string, unknown> = {
    ...(state.lastPingAt ? { lastPingAt: state.lastPingAt.toISOString(), secondsSinceLastPing: seconds(state.lastPingAt, state.now) } : {}),
    ...(state.lastDurationMs !== null ? { durationMs: state.lastDurationMs } : {}),
    ...(state.lastExitStatus !== null ? { exitStatus: state.lastExitStatus } : {}),
    ...(state.startedAt ? { runningForSeconds: seconds(state.startedAt, state.now) } : {}),
  };
  if (!state.pingUrlCreatedAt) return { healthy: false, message: "no ping URL yet: create one for this check and give it to the job", metadata };
  if (state.lastPingKind === "fail") {
    const status = state.lastExitStatus !== null ? ` (exit status ${state.lastExitStatus})` : "";
    return { healthy: false, message: `the job reported a failure${status}${state.lastMessage ? `: ${state.lastMessage}` : ""}`, metadata };
  }
  const clockStart = state.lastPingAt ?? state.pingUrlCreatedAt;
  const silentFor = seconds(clockStart, state.now);
  if (silentFor > allowedSeconds) {
    const since = state.lastPingAt ? `no ping for ${silentFor} s` : `no ping since the URL was created ${silentFor} s ago`;
    return { healthy: false, message: `${since} (expected every ${config.periodSeconds} s, ${config.graceSeconds} s grace)`, metadata };
  }
  if (!state.lastPingAt) return { healthy: true, message: "waiting for the first ping", metadata };
  return { healthy: true, ...(state.lastMessage ? { message: state.lastMessage } : {}), metadata };
}
