import type { HealthCheckResult } from "@checkstack/backend-api";
import type { PingCheckConfig } from "./config";
import type { PingStatistics } from "./ping-output";

/** The metadata assertions are written against (flat keys, so a metadata assertion can name them). */
export function pingMetadata(stats: PingStatistics): Record<string, unknown> {
  return {
    transmitted: stats.transmitted,
    received: stats.received,
    packetLossPercent: stats.packetLossPercent,
    rttMinMs: stats.rtt?.minMs ?? null,
    rttAvgMs: stats.rtt?.avgMs ?? null,
    rttMaxMs: stats.rtt?.maxMs ?? null,
    replyTimesMs: stats.replyTimesMs,
  };
}

/** Why the run is unhealthy, or undefined when it is healthy. */
function failure(config: PingCheckConfig, stats: PingStatistics): string | undefined {
  if (stats.received === 0) return `no reply from ${config.host} (${stats.transmitted} sent)`;
  if (config.maxPacketLossPercent !== undefined && stats.packetLossPercent > config.maxPacketLossPercent) {
    return `packet loss ${stats.packetLossPercent}% is above ${config.maxPacketLossPercent}%`;
  }
  if (config.maxAvgRttMs !== undefined && stats.rtt && stats.rtt.avgMs > config.maxAvgRttMs) {
    return `average round trip ${stats.rtt.avgMs} ms is above ${config.maxAvgRttMs} ms`;
  }
  return undefined;
}

/**
 * Judges a completed ping run. latencyMs is the average round trip, not the
 * run's wall time, which is mostly the pauses between requests.
 */
export function pingVerdict(config: PingCheckConfig, stats: PingStatistics, elapsedMs: number): HealthCheckResult {
  const summary = `${stats.received}/${stats.transmitted} replies from ${config.host}, ${stats.packetLossPercent}% loss`;
  const rtt = stats.rtt ? `, rtt min/avg/max ${stats.rtt.minMs}/${stats.rtt.avgMs}/${stats.rtt.maxMs} ms` : "";
  const reason = failure(config, stats);
  return {
    healthy: reason === undefined,
    latencyMs: stats.rtt?.avgMs ?? elapsedMs,
    message: reason === undefined ? summary + rtt : `${reason}; ${summary}${rtt}`,
    metadata: pingMetadata(stats),
  };
}
