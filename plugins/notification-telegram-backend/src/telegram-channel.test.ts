import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { bodyOf, describeChannelContract, sampleMessage, type FakeProvider } from "@checkstack/notification-kit/testing";
import { FAKE_TELEGRAM_TOKEN, htmlEntityProblems, startFakeTelegram } from "./fake-telegram";
import { telegramChannel } from "./telegram-channel";

describeChannelContract({
  kind: telegramChannel,
  config: (baseUrl) => ({ botToken: FAKE_TELEGRAM_TOKEN, chatId: "-1001234567890", apiBaseUrl: baseUrl }),
  startFake: startFakeTelegram,
  secretFields: ["botToken"],
  finalStatuses: [400, 401, 403, 404],
});

describe("telegram payload", () => {
  let fake: FakeProvider;
  beforeAll(() => {
    fake = startFakeTelegram();
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());
  const config = () => ({ botToken: FAKE_TELEGRAM_TOKEN, chatId: "@ops_alerts", topicId: 42, apiBaseUrl: `${fake.url}/` });
  const send = (message = sampleMessage()) => telegramChannel.send(message, config(), { signal: AbortSignal.timeout(10_000) });

  test("sendMessage to the bot's path with HTML that Telegram parses, in the configured topic", async () => {
    expect(await send(sampleMessage({ title: "api <5xx> & co", text: "a < b && c > d" }))).toMatchObject({ ok: true, providerStatus: 200 });
    const request = fake.requests[0]!;
    expect(request.path).toBe(`/bot${FAKE_TELEGRAM_TOKEN}/sendMessage`);
    expect(bodyOf(request)).toMatchObject({ chat_id: "@ops_alerts", message_thread_id: 42, parse_mode: "HTML", link_preview_options: { is_disabled: true } });
    expect(bodyOf(request)["text"]).toBe(
      '🔴 <b>[Firing] api &lt;5xx&gt; &amp; co</b>\n\na &lt; b &amp;&amp; c &gt; d\n\n<a href="https://status.example.com/systems/sys-api">Open in Checkstack</a>',
    );
    expect(fake.problems).toEqual([]);
  });

  test("the fake's HTML check catches what Telegram refuses", () => {
    expect(htmlEntityProblems("<b>ok</b> &amp; fine")).toEqual([]);
    expect(htmlEntityProblems("a < b")).toHaveLength(1);
    expect(htmlEntityProblems("<div>x</div>")).not.toEqual([]);
    expect(htmlEntityProblems("<b>open")).not.toEqual([]);
  });

  test("flood control's parameters.retry_after is honoured without a Retry-After header", async () => {
    fake.answerNext({ rateLimitedSeconds: 3 });
    expect(await send()).toMatchObject({ ok: false, retryable: true, retryAfterMs: 3000, error: "the provider answered HTTP 429: Too Many Requests: retry after 3" });
  });

  test("an error never shows the token, even when the Bot API quotes the path", async () => {
    fake.answerNext({ respond: (request) => new Response(JSON.stringify({ ok: false, error_code: 404, description: `Not Found: ${request.path}` }), { status: 404 }) });
    const delivery = await send();
    expect(delivery).toMatchObject({ ok: false, retryable: false });
    expect(JSON.stringify(delivery)).not.toContain(FAKE_TELEGRAM_TOKEN);
    expect(JSON.stringify(delivery)).toContain("********");
  });

  test("a malformed token or chat id is refused by the schema, naming the field", () => {
    const result = telegramChannel.configSchema.safeParse({ botToken: "nope", chatId: "ops" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path[0]).sort()).toEqual(["botToken", "chatId"]);
  });
});
