import { describe, expect, test } from "bun:test";
import { pingCheckConfigSchema } from "./config";
import { expectedDurationMs, pingArguments } from "./ping-arguments";

const issues = (input: unknown) => pingCheckConfigSchema.safeParse(input).error?.issues.map((issue) => issue.message) ?? [];

describe("ping config and arguments", () => {
  test("defaults become ping's options, with the host after --", () => {
    const config = pingCheckConfigSchema.parse({ host: "example.internal" });
    expect(pingArguments(config)).toEqual(["-n", "-c", "3", "-i", "1", "-W", "2", "--", "example.internal"]);
    expect(expectedDurationMs(config)).toBe(4_000);
  });

  test("milliseconds become decimal seconds and the family is forced on request", () => {
    const config = pingCheckConfigSchema.parse({ host: "::1", count: 5, intervalMs: 250, replyTimeoutMs: 500, ipVersion: "ipv6" });
    expect(pingArguments(config)).toEqual(["-n", "-c", "5", "-i", "0.25", "-W", "0.5", "-6", "--", "::1"]);
  });

  test("a host that looks like an option is refused before it reaches ping", () => {
    expect(issues({ host: "-f" })).toEqual(["host must be a hostname or an IP address, without scheme, port or brackets"]);
  });

  test("config errors name the field", () => {
    expect(issues({ host: "127.0.0.1", count: 0 })).toEqual(["count must be between 1 and 20"]);
    expect(issues({ host: "127.0.0.1", intervalMs: 10 })).toEqual(["intervalMs must be between 200 and 10000"]);
    expect(issues({ host: "127.0.0.1", maxPacketLossPercent: 101 })).toEqual(["maxPacketLossPercent must be between 0 and 100"]);
    expect(issues({ host: "127.0.0.1", ipVersion: "ipx" })).toEqual(['ipVersion must be "auto", "ipv4" or "ipv6"']);
  });

  test("every field has a description for the generated form", () => {
    for (const [field, schema] of Object.entries(pingCheckConfigSchema.shape)) {
      expect({ field, description: schema.description }).toEqual({ field, description: expect.any(String) });
    }
  });
});
