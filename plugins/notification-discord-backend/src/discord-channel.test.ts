import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { bodyOf, describeChannelContract, jsonResponse, sampleMessage, type FakeProvider } from "@checkstack/notification-kit/testing";
import { discordChannel } from "./discord-channel";
import { fakeDiscordWebhookUrl, startFakeDiscord } from "./fake-discord";

describeChannelContract({
  kind: discordChannel,
  config: (baseUrl) => ({ webhookUrl: fakeDiscordWebhookUrl(baseUrl), username: "Checkstack" }),
  startFake: startFakeDiscord,
  secretFields: ["webhookUrl"],
  finalStatuses: [400, 401, 403, 404],
});

describe("discord payload and rate limits", () => {
  let fake: FakeProvider;
  beforeAll(() => {
    fake = startFakeDiscord();
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());
  const send = (message = sampleMessage()) => discordChannel.send(message, { webhookUrl: fakeDiscordWebhookUrl(fake.url) }, { signal: AbortSignal.timeout(10_000) });

  test("one embed: headline, red colour, systems as inline fields, mentions off", async () => {
    expect(await send()).toMatchObject({ ok: true, providerStatus: 204 });
    const body = bodyOf(fake.requests[0]!);
    expect(body["allowed_mentions"]).toEqual({ parse: [] });
    expect(body["embeds"]).toEqual([
      expect.objectContaining({
        title: "[Firing] 2 systems unhealthy: api, worker",
        color: 0xd93025,
        url: "https://status.example.com/systems/sys-api",
        timestamp: "2026-12-02T10:02:00.000Z",
        fields: [
          { name: "api", value: "unhealthy: http check: 503 from /health", inline: true },
          { name: "worker", value: "unhealthy: tcp check: connection refused", inline: true },
        ],
      }),
    ]);
  });

  test("a recovery is green, and a long text is cut to Discord's limit", async () => {
    expect(await send(sampleMessage({ kind: "recovered", severity: "healthy", text: "x".repeat(5000) }))).toMatchObject({ ok: true });
    const [embed] = bodyOf(fake.requests[0]!)["embeds"] as Array<{ color: number; description: string }>;
    expect(embed!.color).toBe(0x1e8e3e);
    expect(embed!.description).toHaveLength(4096);
    expect(fake.problems).toEqual([]);
  });

  test("a 429 with only retry_after in the body waits that long (fractional seconds)", async () => {
    fake.answerNext({ respond: () => jsonResponse(429, { message: "You are being rate limited.", retry_after: 2.5, global: true }) });
    expect(await send()).toMatchObject({ ok: false, retryable: true, retryAfterMs: 2500 });
  });

  test("a 429 whose header and body differ waits the longer of the two", async () => {
    fake.answerNext({ respond: () => jsonResponse(429, { message: "You are being rate limited.", retry_after: 1.2, global: false }, { "retry-after": "3" }) });
    expect(await send()).toMatchObject({ ok: false, retryable: true, retryAfterMs: 3000 });
  });

  test("Discord's error message and code are quoted", async () => {
    fake.answerNext({ status: 404 });
    expect(await send()).toMatchObject({ ok: false, retryable: false, error: "the provider answered HTTP 404: Unknown Webhook (code 10015)" });
  });
});
