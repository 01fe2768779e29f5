import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { bodyOf, describeChannelContract, sampleMessage, type FakeProvider } from "@checkstack/notification-kit/testing";
import { FAKE_GOTIFY_TOKEN, startFakeGotify } from "./fake-gotify";
import { gotifyChannel } from "./gotify-channel";

describeChannelContract({
  kind: gotifyChannel,
  config: (baseUrl) => ({ serverUrl: baseUrl, appToken: FAKE_GOTIFY_TOKEN }),
  startFake: startFakeGotify,
  secretFields: ["appToken"],
  finalStatuses: [400, 401, 403, 404],
});

describe("gotify message", () => {
  let fake: FakeProvider;
  beforeAll(() => {
    fake = startFakeGotify();
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());
  const send = (message = sampleMessage(), serverUrl = fake.url) => gotifyChannel.send(message, { serverUrl, appToken: FAKE_GOTIFY_TOKEN }, { signal: AbortSignal.timeout(10_000) });

  test("POST /message under the server's path, the token in X-Gotify-Key (not the URL), priority by severity", async () => {
    expect(await send(sampleMessage(), `${fake.url}/gotify/`)).toMatchObject({ ok: true, providerStatus: 200 });
    const request = fake.requests[0]!;
    expect(request.path).toBe("/gotify/message");
    expect(request.query.get("token")).toBeNull();
    expect(request.headers.get("x-gotify-key")).toBe(FAKE_GOTIFY_TOKEN);
    expect(bodyOf(request)).toEqual({
      title: "[Firing] 2 systems unhealthy: api, worker",
      message: `${sampleMessage().text}\n\nhttps://status.example.com/systems/sys-api`,
      priority: 8,
      extras: { "client::display": { contentType: "text/plain" }, "client::notification": { click: { url: "https://status.example.com/systems/sys-api" } } },
    });
  });

  test("priorities: escalation 9, degraded 5, recovery 4, acknowledgement 2", async () => {
    for (const [kind, severity] of [["escalated", "unhealthy"], ["firing", "degraded"], ["recovered", "healthy"], ["acknowledged", "unhealthy"]] as const) {
      expect(await send(sampleMessage({ kind, severity }))).toMatchObject({ ok: true });
    }
    expect(fake.requests.map((request) => bodyOf(request)["priority"])).toEqual([9, 5, 4, 2]);
  });

  test("Gotify's error description is quoted", async () => {
    fake.answerNext({ status: 401 });
    expect(await send()).toMatchObject({
      ok: false,
      retryable: false,
      error: "the provider answered HTTP 401: you need to provide a valid access token or user credentials to access this api",
    });
  });
});
