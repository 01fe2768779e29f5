import { describe, expect, test } from "bun:test";
import { pingCheckConfigSchema } from "./config";
import { pingVerdict } from "./ping-verdict";

const stats = { transmitted: 4, received: 3, packetLossPercent: 25, rtt: { minMs: 1, avgMs: 2, maxMs: 4 }, replyTimesMs: [1, 1, 4] };
const config = (input: Record<string, unknown> = {}) => pingCheckConfigSchema.parse({ host: "10.0.0.9", ...input });

describe("ping verdict", () => {
  test("healthy while a reply arrives, with the average round trip as latency", () => {
    const result = pingVerdict(config(), stats, 3_100);
    expect(result).toEqual({
      healthy: true,
      latencyMs: 2,
      message: "3/4 replies from 10.0.0.9, 25% loss, rtt min/avg/max 1/2/4 ms",
      metadata: { transmitted: 4, received: 3, packetLossPercent: 25, rttMinMs: 1, rttAvgMs: 2, rttMaxMs: 4, replyTimesMs: [1, 1, 4] },
    });
  });

  test("no reply is unhealthy, and latency falls back to the run's time", () => {
    const result = pingVerdict(config(), { transmitted: 3, received: 0, packetLossPercent: 100, replyTimesMs: [] }, 2_050);
    expect(result).toMatchObject({ healthy: false, latencyMs: 2_050, message: "no reply from 10.0.0.9 (3 sent); 0/3 replies from 10.0.0.9, 100% loss" });
    expect(result.metadata).toMatchObject({ rttAvgMs: null, packetLossPercent: 100 });
  });

  test("loss and round-trip limits", () => {
    expect(pingVerdict(config({ maxPacketLossPercent: 20 }), stats, 1).message).toStartWith("packet loss 25% is above 20%;");
    expect(pingVerdict(config({ maxPacketLossPercent: 25 }), stats, 1).healthy).toBe(true);
    expect(pingVerdict(config({ maxAvgRttMs: 1.5 }), stats, 1).message).toStartWith("average round trip 2 ms is above 1.5 ms;");
    expect(pingVerdict(config({ maxAvgRttMs: 2 }), stats, 1).healthy).toBe(true);
  });
});
