import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { bodyOf, describeChannelContract, sampleMessage, type FakeProvider } from "@checkstack/notification-kit/testing";
import { startFakeNtfy } from "./fake-ntfy";
import { ntfyChannel } from "./ntfy-channel";

const TOKEN = "tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2";

describeChannelContract({
  kind: ntfyChannel,
  config: (baseUrl) => ({ serverUrl: baseUrl, topic: "checkstack-ops-7f3c", token: TOKEN }),
  startFake: startFakeNtfy,
  secretFields: ["token"],
  rateLimitStatesWait: false,
});

describe("ntfy publish", () => {
  let fake: FakeProvider;
  beforeAll(() => {
    fake = startFakeNtfy();
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());
  const send = (message = sampleMessage(), token?: string) =>
    ntfyChannel.send(message, { serverUrl: fake.url, topic: "ops", ...(token ? { token } : {}) }, { signal: AbortSignal.timeout(10_000) });

  test("title, message, priority and tags by severity, the link, and the token as a Bearer header", async () => {
    expect(await send(sampleMessage(), TOKEN)).toMatchObject({ ok: true, providerStatus: 200 });
    const request = fake.requests[0]!;
    expect(request.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(bodyOf(request)).toMatchObject({
      topic: "ops",
      title: "[Firing] 2 systems unhealthy: api, worker",
      priority: 4,
      tags: ["rotating_light", "firing", "unhealthy"],
      click: "https://status.example.com/systems/sys-api",
    });
  });

  test("priorities: escalation urgent, degraded default, acknowledgement low; no header on a public topic", async () => {
    for (const [kind, severity] of [["escalated", "unhealthy"], ["firing", "degraded"], ["acknowledged", "unhealthy"], ["recovered", "healthy"]] as const) {
      expect(await send(sampleMessage({ kind, severity }))).toMatchObject({ ok: true });
    }
    expect(fake.requests.map((request) => bodyOf(request)["priority"])).toEqual([5, 3, 2, 3]);
    expect(fake.requests.map((request) => request.headers.get("authorization"))).toEqual([null, null, null, null]);
  });

  test("a text above 4096 bytes is cut to fit, so ntfy does not turn it into an attachment", async () => {
    expect(await send(sampleMessage({ text: "é".repeat(5000) }))).toMatchObject({ ok: true });
    expect(Buffer.byteLength(bodyOf(fake.requests[0]!)["message"] as string)).toBeLessThanOrEqual(4096);
    expect(fake.problems).toEqual([]);
  });

  test("ntfy's error is quoted", async () => {
    fake.answerNext({ status: 403 });
    expect(await send(sampleMessage(), TOKEN)).toMatchObject({ ok: false, retryable: false, error: "the provider answered HTTP 403: forbidden" });
  });
});
