import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmod, copyFile, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withDeadline } from "@checkstack/test-utils";
import { pingCheckConfigSchema } from "./config";
import { pingStrategy, runPingCheck, type PingCommand } from "./ping-strategy";

// Every run here pings loopback only; nothing leaves the machine.
const context = (timeoutMs = 10_000) => ({ signal: AbortSignal.timeout(timeoutMs), timeoutMs });
const config = (input: Record<string, unknown>) => pingCheckConfigSchema.parse({ host: "127.0.0.1", intervalMs: 200, replyTimeoutMs: 1_000, ...input });

let unprivilegedPing: PingCommand;
let tempDir = "";

beforeAll(async () => {
  // A copy of ping loses its file capability; run as nobody it has no way to open an ICMP socket
  // (unless this kernel allows unprivileged ICMP sockets to nobody's group, checked in the test).
  tempDir = await mkdtemp(join(tmpdir(), "checkstack-ping-"));
  await chmod(tempDir, 0o755);
  const copy = join(tempDir, "ping");
  const systemPing = Bun.which("ping");
  if (!systemPing) throw new Error("ping is not installed: apt-get install iputils-ping (.ci/run installs it)");
  await copyFile(systemPing, copy);
  await chmod(copy, 0o755);
  unprivilegedPing = { file: "setpriv", prefix: ["--reuid=65534", "--regid=65534", "--clear-groups", copy] };
});

afterAll(async () => {
  await rm(tempDir, { recursive: true, force: true });
});

/** Pids of this test process's children whose command line ends with `args` (to prove a killed ping is gone). */
async function childrenRunning(args: string[]): Promise<number[]> {
  const wanted = args.join("\0");
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    // The parent pid is the second field after the parenthesised command name in /proc/<pid>/stat.
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (parent === process.pid && cmdline.replace(/\0$/, "").endsWith(wanted)) pids.push(Number(entry));
  }
  return pids;
}

describe("ping strategy against 127.0.0.1", () => {
  test("loopback answers every packet, with round-trip times in the metadata", async () => {
    const result = await pingStrategy.execute({ host: "127.0.0.1", count: 3, intervalMs: 200 }, context());
    expect(result).toMatchObject({ healthy: true, metadata: { transmitted: 3, received: 3, packetLossPercent: 0 } });
    const metadata = result?.metadata ?? {};
    expect(metadata.replyTimesMs).toBeArrayOfSize(3);
    expect(metadata.rttMinMs as number).toBeLessThanOrEqual(metadata.rttAvgMs as number);
    expect(metadata.rttAvgMs as number).toBeLessThanOrEqual(metadata.rttMaxMs as number);
    expect(result?.latencyMs).toBe(metadata.rttAvgMs as number);
    expect(result?.message).toStartWith("3/3 replies from 127.0.0.1, 0% loss, rtt min/avg/max ");
  });

  test("a round-trip limit below what loopback takes is unhealthy", async () => {
    const result = await runPingCheck(config({ count: 1, maxAvgRttMs: 0.000001 }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toMatch(/^average round trip [\d.]+ ms is above 0.000001 ms; 1\/1 replies/);
  });

  test("a ping error is reported with ping's own words", async () => {
    const result = await runPingCheck(config({ ipVersion: "ipv6" }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toBe("ping 127.0.0.1 failed: ping: 127.0.0.1: Address family for hostname not supported");
  });

  test("the timeout kills ping and reports the replies seen so far", async () => {
    // 17 packets a second apart would take 16 s: only the abort can end this run early.
    const slow = config({ host: "127.0.0.1", count: 17, intervalMs: 1_000, replyTimeoutMs: 1_700 });
    const args = ["-n", "-c", "17", "-i", "1", "-W", "1.7", "--", "127.0.0.1"];
    const started = performance.now();
    const running = runPingCheck(slow, context(3_000));
    // While the run lasts, its ping is a child of this process: the check below can see it.
    const seen = await withDeadline(
      (async () => {
        for (;;) {
          const pids = await childrenRunning(args);
          if (pids.length > 0) return pids;
          await Bun.sleep(20);
        }
      })(),
      2_500,
      "the ping process never appeared",
    );
    expect(seen).toHaveLength(1);
    const result = await running;
    expect(performance.now() - started).toBeLessThan(6_000);
    expect(result.healthy).toBe(false);
    expect(result.message).toBe("timed out after 3000 ms");
    // ping flushes each reply line, so the replies before the kill are known (one a second, the first at once).
    expect(result.metadata?.received as number).toBeGreaterThanOrEqual(1);
    expect(result.metadata?.replyTimesMs).toBeArrayOfSize(result.metadata?.received as number);
    expect(await childrenRunning(args)).toEqual([]);
  });

  test("a process without the privilege for ICMP gets a clear error", async () => {
    const [low, high] = (await readFile("/proc/sys/net/ipv4/ping_group_range", "utf8")).trim().split(/\s+/).map(Number);
    // nobody's group (65534) allowed unprivileged ICMP sockets would make ping work without the capability.
    expect(65534 >= (low ?? 1) && 65534 <= (high ?? 0)).toBe(false);
    const result = await runPingCheck(config({ count: 1 }), context(), unprivilegedPing);
    expect(result.healthy).toBe(false);
    expect(result.message).toStartWith("ping lacks the privilege to send ICMP echo requests: give the ping binary the cap_net_raw capability");
    expect(result.message).toContain("Operation not permitted");
  });

  test("a missing ping binary says what to install", async () => {
    const result = await runPingCheck(config({ count: 1 }), context(), { file: join(tempDir, "no-such-ping"), prefix: [] });
    expect(result.healthy).toBe(false);
    expect(result.message).toBe(`${join(tempDir, "no-such-ping")} is not installed on this instance (Debian: apt-get install iputils-ping)`);
  });
});
