import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { bodyOf, describeChannelContract, sampleMessage, type FakeProvider } from "@checkstack/notification-kit/testing";
import { fakeGoogleChatWebhookUrl, startFakeGoogleChat } from "./fake-google-chat";
import { googleChatChannel } from "./google-chat-channel";

describeChannelContract({
  kind: googleChatChannel,
  config: (baseUrl) => ({ webhookUrl: fakeGoogleChatWebhookUrl(baseUrl) }),
  startFake: startFakeGoogleChat,
  secretFields: ["webhookUrl"],
  finalStatuses: [400, 401, 403, 404],
  // Google's RESOURCE_EXHAUSTED states no wait: the notification plugin's backoff decides.
  rateLimitStatesWait: false,
});

describe("google chat payload", () => {
  let fake: FakeProvider;
  beforeAll(() => {
    fake = startFakeGoogleChat();
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());
  const send = (message = sampleMessage()) => googleChatChannel.send(message, { webhookUrl: fakeGoogleChatWebhookUrl(fake.url) }, { signal: AbortSignal.timeout(10_000) });

  test("the messages of one alert share a thread; another alert gets its own", async () => {
    const first = await send(sampleMessage({ id: "m1", alertKey: "alert-a" }));
    const recovery = await send(sampleMessage({ id: "m2", alertKey: "alert-a", kind: "recovered", severity: "healthy" }));
    const other = await send(sampleMessage({ id: "m3", alertKey: "alert-b" }));
    const threadOf = (delivery: typeof first) => (delivery.ok ? (JSON.parse(delivery.providerResponse ?? "{}") as { thread: { name: string } }).thread.name : "");
    expect(threadOf(first)).toBe(threadOf(recovery));
    expect(threadOf(other)).not.toBe(threadOf(first));
    expect(fake.requests.map((request) => request.query.get("messageReplyOption"))).toEqual(Array(3).fill("REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD"));
    expect(fake.requests.map((request) => (bodyOf(request)["thread"] as { threadKey: string }).threadKey)).toEqual(["alert-a", "alert-a", "alert-b"]);
  });

  test("a card with the headline, the coloured state, escaped text and a link", async () => {
    expect(await send(sampleMessage({ text: "api <b>down</b>\nsince 10:02" }))).toMatchObject({ ok: true, providerStatus: 200 });
    const body = bodyOf(fake.requests[0]!);
    expect(body["fallbackText"]).toBe("[Firing] 2 systems unhealthy: api, worker");
    const json = JSON.stringify(body["cardsV2"]);
    expect(json).toContain('<font color=\\"#D93025\\"><b>Firing</b></font>');
    expect(json).toContain("api &lt;b&gt;down&lt;/b&gt;<br>since 10:02");
    expect(json).toContain('"openLink":{"url":"https://status.example.com/systems/sys-api"}');
  });

  test("Google's error status is quoted", async () => {
    fake.answerNext({ status: 403, reason: "The caller does not have permission" });
    expect(await send()).toMatchObject({ ok: false, retryable: false, error: "the provider answered HTTP 403: PERMISSION_DENIED: The caller does not have permission" });
  });
});
