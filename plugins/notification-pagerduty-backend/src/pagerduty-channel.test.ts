import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { bodyOf, describeChannelContract, sampleMessage, type FakeProvider } from "@checkstack/notification-kit/testing";
import { FAKE_PAGERDUTY_ROUTING_KEY, startFakePagerduty } from "./fake-pagerduty";
import { pagerdutyChannel } from "./pagerduty-channel";

describeChannelContract({
  kind: pagerdutyChannel,
  config: (baseUrl) => ({ routingKey: FAKE_PAGERDUTY_ROUTING_KEY, apiBaseUrl: baseUrl }),
  startFake: startFakePagerduty,
  secretFields: ["routingKey"],
  finalStatuses: [400],
  rateLimitStatesWait: false,
});

describe("pagerduty events", () => {
  let fake: FakeProvider;
  beforeAll(() => {
    fake = startFakePagerduty();
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());
  const send = (message = sampleMessage()) =>
    pagerdutyChannel.send(message, { routingKey: FAKE_PAGERDUTY_ROUTING_KEY, apiBaseUrl: fake.url, source: "checkstack-eu-1" }, { signal: AbortSignal.timeout(10_000) });

  test("one alert episode: trigger, reminder, acknowledge and resolve all carry the alert's key as dedup_key", async () => {
    const episode = { alertKey: "alert-episode-42" };
    for (const message of [
      sampleMessage({ ...episode, id: "m1", kind: "firing", severity: "degraded" }),
      sampleMessage({ ...episode, id: "m2", kind: "escalated", severity: "unhealthy" }),
      sampleMessage({ ...episode, id: "m3", kind: "acknowledged", severity: "unhealthy" }),
      sampleMessage({ ...episode, id: "m4", kind: "recovered", severity: "healthy" }),
    ]) {
      expect(await send(message)).toMatchObject({ ok: true, providerStatus: 202 });
    }
    const bodies = fake.requests.map(bodyOf);
    expect(bodies.map((body) => [body["event_action"], body["dedup_key"]])).toEqual([
      ["trigger", "alert-episode-42"],
      ["trigger", "alert-episode-42"],
      ["acknowledge", "alert-episode-42"],
      ["resolve", "alert-episode-42"],
    ]);
    expect(bodies.map((body) => (body["payload"] as { severity?: string } | undefined)?.severity)).toEqual(["warning", "critical", undefined, undefined]);
    expect(fake.problems).toEqual([]);
  });

  test("a trigger's payload: summary, source, severity, timestamp, component, details and a link", async () => {
    expect(await send()).toMatchObject({ ok: true, providerResponse: expect.stringContaining('"dedup_key":"alert_7f3c2a"') });
    expect(bodyOf(fake.requests[0]!)).toMatchObject({
      routing_key: FAKE_PAGERDUTY_ROUTING_KEY,
      payload: {
        summary: "2 systems unhealthy: api, worker",
        source: "checkstack-eu-1",
        severity: "critical",
        timestamp: "2026-12-02T10:02:00.000Z",
        component: "api",
        custom_details: { systems: [{ name: "api", status: "unhealthy" }, { name: "worker", status: "unhealthy" }] },
      },
      client: "Checkstack",
      links: [{ href: "https://status.example.com/systems/sys-api", text: "Open in Checkstack" }],
    });
  });

  test("PagerDuty's reasons for an invalid event are quoted, without the routing key", async () => {
    fake.answerNext({ status: 400, reason: "'payload.summary' is missing or blank" });
    const delivery = await send();
    expect(delivery).toMatchObject({ ok: false, retryable: false, error: "the provider answered HTTP 400: Event object is invalid ('payload.summary' is missing or blank)" });
    expect(JSON.stringify(delivery)).not.toContain(FAKE_PAGERDUTY_ROUTING_KEY);
  });
});
