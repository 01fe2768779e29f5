/** What one ping run reported, read from its output. */
export interface PingStatistics {
  transmitted: number;
  received: number;
  packetLossPercent: number;
  /** Round-trip times in milliseconds; absent when no reply arrived. */
  rtt?: { minMs: number; avgMs: number; maxMs: number };
  /** Each reply's round-trip time in milliseconds, in arrival order. */
  replyTimesMs: number[];
}

const SUMMARY = /(\d+) packets transmitted, (\d+) (?:packets )?received,(?:.*?) ([\d.]+)% packet loss/;
// iputils prints "rtt min/avg/max/mdev", busybox "round-trip min/avg/max".
const RTT = /(?:rtt|round-trip) min\/avg\/max(?:\/mdev)? = ([\d.]+)\/([\d.]+)\/([\d.]+)/;
const REPLY = /bytes from .*time[=<]([\d.]+) ?ms/;

/** Round-trip times of the replies seen so far (also usable on the output of a run that was cut short). */
export function replyTimes(output: string): number[] {
  const times: number[] = [];
  for (const line of output.split("\n")) {
    const match = REPLY.exec(line);
    if (match) times.push(Number(match[1]));
  }
  return times;
}

/** Reads ping's summary; undefined when the output has none (ping failed before sending). */
export function parsePingOutput(output: string): PingStatistics | undefined {
  const summary = SUMMARY.exec(output);
  if (!summary) return undefined;
  const rtt = RTT.exec(output);
  return {
    transmitted: Number(summary[1]),
    received: Number(summary[2]),
    packetLossPercent: Number(summary[3]),
    ...(rtt ? { rtt: { minMs: Number(rtt[1]), avgMs: Number(rtt[2]), maxMs: Number(rtt[3]) } } : {}),
    replyTimesMs: replyTimes(output),
  };
}

/**
 * Whether ping failed for want of privilege: it needs a raw socket
 * (cap_net_raw) or the kernel's unprivileged ICMP sockets
 * (net.ipv4.ping_group_range).
 */
export function lacksPrivilege(stderr: string): boolean {
  return /operation not permitted|missing cap_net_raw|permission denied/i.test(stderr);
}

export const PRIVILEGE_HINT =
  "ping lacks the privilege to send ICMP echo requests: give the ping binary the cap_net_raw capability " +
  "(setcap cap_net_raw+p $(command -v ping)) or allow unprivileged ICMP sockets for this user's group " +
  "(sysctl net.ipv4.ping_group_range)";
