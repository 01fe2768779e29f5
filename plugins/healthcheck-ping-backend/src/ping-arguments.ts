import type { PingCheckConfig } from "./config";

/** ping takes seconds with decimals; three decimals keep millisecond settings exact. */
const seconds = (ms: number) => String(Math.round(ms) / 1000);

/**
 * The argument array for iputils ping. Passed to the process as is (no
 * shell), and the host comes after "--", so no config value can become an option.
 */
export function pingArguments(config: PingCheckConfig): string[] {
  const family = config.ipVersion === "ipv4" ? ["-4"] : config.ipVersion === "ipv6" ? ["-6"] : [];
  return [
    // Numeric output: no reverse lookups that would add their own delays.
    "-n",
    "-c",
    String(config.count),
    "-i",
    seconds(config.intervalMs),
    "-W",
    seconds(config.replyTimeoutMs),
    ...family,
    "--",
    config.host,
  ];
}

/** The longest a complete run should take: the pauses between requests plus the wait for the last reply. */
export function expectedDurationMs(config: PingCheckConfig): number {
  return (config.count - 1) * config.intervalMs + config.replyTimeoutMs;
}
