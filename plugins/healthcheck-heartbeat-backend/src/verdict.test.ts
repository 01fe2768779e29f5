import { describe, expect, test } from "bun:test";
import { judgeHeartbeat } from "./verdict";

const now = new Date("2026-12-02T12:00:00Z");
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
const state = (overrides: Partial<Parameters<typeof judgeHeartbeat>[0]> = {}): Parameters<typeof judgeHeartbeat>[0] => ({
  now,
  checkId: "00000000-0000-4000-8000-000000000000",
  hasPingUrl: true,
  pingUrlCreatedAt: ago(600),
  lastPingAt: ago(30),
  lastPingKind: "success",
  startedAt: null,
  lastMessage: null,
  lastExitStatus: null,
  lastDurationMs: null,
  ...overrides,
});
const config = { periodSeconds: 60, graceSeconds: 30 };

describe("judging a heartbeat", () => {
  test("healthy within period + grace, unhealthy one second after", () => {
    expect(judgeHeartbeat(state({ lastPingAt: ago(90) }), config).healthy).toBe(true);
    const late = judgeHeartbeat(state({ lastPingAt: ago(91) }), config);
    expect(late).toMatchObject({ healthy: false, message: "no ping for 91 s (expected every 60 s, 30 s grace)" });
    expect(late.metadata).toMatchObject({ secondsSinceLastPing: 91 });
  });

  test("a new URL gets one period + grace to hear its first ping", () => {
    expect(judgeHeartbeat(state({ lastPingAt: null, lastPingKind: null, pingUrlCreatedAt: ago(10) }), config)).toMatchObject({ healthy: true, message: "waiting for the first ping" });
    expect(judgeHeartbeat(state({ lastPingAt: null, lastPingKind: null, pingUrlCreatedAt: ago(100) }), config).message).toContain("no ping since the URL was created 100 s ago");
    expect(judgeHeartbeat(state({ pingUrlCreatedAt: null, hasPingUrl: false }), config).healthy).toBe(false);
  });

  test("a reported failure is unhealthy at once, with its exit status and message; a running job is shown", () => {
    const failed = judgeHeartbeat(state({ lastPingKind: "fail", lastExitStatus: 2, lastMessage: "rsync failed" }), config);
    expect(failed).toMatchObject({ healthy: false, message: "the job reported a failure (exit status 2): rsync failed" });
    const running = judgeHeartbeat(state({ startedAt: ago(5), lastDurationMs: 1200 }), config);
    expect(running).toMatchObject({ healthy: true, metadata: { runningForSeconds: 5, durationMs: 1200 } });
  });
});
