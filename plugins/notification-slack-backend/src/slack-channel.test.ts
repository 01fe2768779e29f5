import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { bodyOf, describeChannelContract, sampleMessage, type FakeProvider } from "@checkstack/notification-kit/testing";
import { fakeSlackWebhookUrl, startFakeSlack } from "./fake-slack";
import { slackChannel } from "./slack-channel";

describeChannelContract({
  kind: slackChannel,
  config: (baseUrl) => ({ webhookUrl: fakeSlackWebhookUrl(baseUrl) }),
  startFake: startFakeSlack,
  secretFields: ["webhookUrl"],
  finalStatuses: [400, 403, 404, 410],
});

describe("slack payload", () => {
  let fake: FakeProvider;
  beforeAll(() => {
    fake = startFakeSlack();
  });
  afterAll(() => fake.stop());
  const send = (message = sampleMessage()) => slackChannel.send(message, { webhookUrl: fakeSlackWebhookUrl(fake.url) }, { signal: AbortSignal.timeout(10_000) });

  test("a firing message: headline fallback, red bar, systems in the section, a link button", async () => {
    fake.reset();
    expect(await send(sampleMessage({ title: "api <down> & out" }))).toMatchObject({ ok: true, providerStatus: 200, providerResponse: "ok" });
    const body = bodyOf(fake.requests[0]!);
    expect(body["text"]).toBe("[Firing] api &lt;down&gt; &amp; out");
    const [attachment] = body["attachments"] as Array<{ color: string; blocks: Array<Record<string, unknown>> }>;
    expect(attachment!.color).toBe("#D93025");
    expect(JSON.stringify(attachment!.blocks[1])).toContain("worker: unhealthy since 10:02 UTC");
    expect(attachment!.blocks.at(-1)).toMatchObject({ type: "actions", elements: [{ type: "button", url: "https://status.example.com/systems/sys-api" }] });
  });

  test("colours follow the message: green on recovery, amber when degraded, grey when acknowledged", async () => {
    fake.reset();
    for (const [kind, severity] of [["recovered", "healthy"], ["firing", "degraded"], ["acknowledged", "unhealthy"]] as const) {
      expect(await send(sampleMessage({ kind, severity }))).toMatchObject({ ok: true });
    }
    const colours = fake.requests.map((request) => (bodyOf(request)["attachments"] as Array<{ color: string }>)[0]!.color);
    expect(colours).toEqual(["#1E8E3E", "#F29900", "#5F6368"]);
  });

  test("Slack's error code is quoted in the error", async () => {
    fake.reset();
    fake.answerNext({ status: 410 });
    expect(await send()).toMatchObject({ ok: false, retryable: false, error: "the provider answered HTTP 410: channel_is_archived" });
  });
});
