import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { bodyOf, describeChannelContract, sampleMessage, type FakeProvider } from "@checkstack/notification-kit/testing";
import { FAKE_PUSHOVER_APP_TOKEN, FAKE_PUSHOVER_USER_KEY, startFakePushover } from "./fake-pushover";
import { pushoverChannel } from "./pushover-channel";

const keys = { appToken: FAKE_PUSHOVER_APP_TOKEN, userKey: FAKE_PUSHOVER_USER_KEY };

describeChannelContract({
  kind: pushoverChannel,
  config: (baseUrl) => ({ ...keys, apiBaseUrl: baseUrl }),
  startFake: startFakePushover,
  secretFields: ["appToken", "userKey"],
  rateLimitStatesWait: false,
});

describe("pushover message", () => {
  let fake: FakeProvider;
  beforeAll(() => {
    fake = startFakePushover();
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());
  const send = (message = sampleMessage(), extra: Record<string, unknown> = {}) =>
    pushoverChannel.send(message, { ...keys, apiBaseUrl: fake.url, ...extra }, { signal: AbortSignal.timeout(10_000) });

  test("the documented fields: keys, title, message, priority, timestamp, link, device and sound", async () => {
    expect(await send(sampleMessage(), { device: "phone", sound: "siren" })).toMatchObject({ ok: true, providerStatus: 200 });
    expect(bodyOf(fake.requests[0]!)).toEqual({
      token: FAKE_PUSHOVER_APP_TOKEN,
      user: FAKE_PUSHOVER_USER_KEY,
      title: "[Firing] 2 systems unhealthy: api, worker",
      message: sampleMessage().text,
      priority: 1,
      timestamp: Date.parse("2026-12-02T10:02:00.000Z") / 1000,
      url: "https://status.example.com/systems/sys-api",
      url_title: "Open in Checkstack",
      device: "phone",
      sound: "siren",
    });
  });

  test("priority by severity: high when unhealthy, normal when degraded, quiet on recovery and acknowledgement", async () => {
    for (const [kind, severity] of [["firing", "unhealthy"], ["firing", "degraded"], ["recovered", "healthy"], ["acknowledged", "unhealthy"], ["escalated", "degraded"]] as const) {
      expect(await send(sampleMessage({ kind, severity }))).toMatchObject({ ok: true });
    }
    expect(fake.requests.map((request) => bodyOf(request)["priority"])).toEqual([1, 0, -1, -1, 1]);
  });

  test("emergency mode sends unhealthy alerts at priority 2 with retry and expire, recoveries stay quiet", async () => {
    expect(await send(sampleMessage(), { emergency: true })).toMatchObject({ ok: true, providerResponse: expect.stringContaining('"receipt"') });
    expect(await send(sampleMessage({ kind: "recovered", severity: "healthy" }), { emergency: true })).toMatchObject({ ok: true });
    expect(bodyOf(fake.requests[0]!)).toMatchObject({ priority: 2, retry: 300, expire: 3600 });
    expect(bodyOf(fake.requests[1]!)).toMatchObject({ priority: -1 });
    expect(bodyOf(fake.requests[1]!)["retry"]).toBeUndefined();
    expect(fake.problems).toEqual([]);
  });

  test("Pushover's errors are quoted without the keys", async () => {
    fake.answerNext({ status: 400, reason: "user identifier is not a valid user, group, or subscribed user key" });
    const delivery = await send();
    expect(delivery).toMatchObject({ ok: false, retryable: false, error: "the provider answered HTTP 400: user identifier is not a valid user, group, or subscribed user key" });
    expect(JSON.stringify(delivery)).not.toContain(FAKE_PUSHOVER_USER_KEY);
  });
});
