import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { bodyOf, describeChannelContract, sampleMessage, type FakeProvider } from "@checkstack/notification-kit/testing";
import { fakeMattermostWebhookUrl, startFakeMattermost } from "./fake-mattermost";
import { mattermostChannel } from "./mattermost-channel";

describeChannelContract({
  kind: mattermostChannel,
  config: (baseUrl) => ({ webhookUrl: fakeMattermostWebhookUrl(baseUrl), username: "checkstack" }),
  startFake: startFakeMattermost,
  secretFields: ["webhookUrl"],
  finalStatuses: [400, 401, 403, 404],
});

describe("mattermost payload", () => {
  let fake: FakeProvider;
  beforeAll(() => {
    fake = startFakeMattermost();
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());

  test("text for notifications, an attachment with the colour, the systems as fields, and the overrides", async () => {
    const config = { webhookUrl: fakeMattermostWebhookUrl(fake.url), channel: "ops", username: "checkstack", iconUrl: "https://example.com/icon.png" };
    expect(await mattermostChannel.send(sampleMessage(), config, { signal: AbortSignal.timeout(10_000) })).toMatchObject({ ok: true, providerResponse: "ok" });
    const body = bodyOf(fake.requests[0]!);
    expect(body).toMatchObject({ text: "[Firing] 2 systems unhealthy: api, worker", channel: "ops", username: "checkstack", icon_url: "https://example.com/icon.png" });
    const [attachment] = body["attachments"] as Array<Record<string, unknown>>;
    expect(attachment).toMatchObject({ color: "#D93025", title_link: "https://status.example.com/systems/sys-api" });
    expect(attachment!["fields"]).toContainEqual({ short: true, title: "worker", value: "unhealthy: tcp check: connection refused" });
  });

  test("a recovery is green; Mattermost's error message is quoted", async () => {
    const config = { webhookUrl: fakeMattermostWebhookUrl(fake.url) };
    expect(await mattermostChannel.send(sampleMessage({ kind: "recovered", severity: "healthy" }), config, { signal: AbortSignal.timeout(10_000) })).toMatchObject({ ok: true });
    expect((bodyOf(fake.requests[0]!)["attachments"] as Array<{ color: string }>)[0]!.color).toBe("#1E8E3E");
    fake.answerNext({ status: 404, reason: "Invalid webhook" });
    expect(await mattermostChannel.send(sampleMessage(), config, { signal: AbortSignal.timeout(10_000) })).toMatchObject({
      ok: false,
      retryable: false,
      error: "the provider answered HTTP 404: Invalid webhook (web.incoming_webhook.invalid.app_error)",
    });
  });
});
