import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { bodyOf, describeChannelContract, sampleMessage, type FakeProvider } from "@checkstack/notification-kit/testing";
import { fakeTeamsWorkflowUrl, startFakeTeams } from "./fake-teams";
import { teamsChannel } from "./teams-channel";

describeChannelContract({
  kind: teamsChannel,
  config: (baseUrl) => ({ workflowUrl: fakeTeamsWorkflowUrl(baseUrl) }),
  startFake: startFakeTeams,
  secretFields: ["workflowUrl"],
  finalStatuses: [400, 401, 403, 404],
});

describe("teams payload", () => {
  let fake: FakeProvider;
  beforeAll(() => {
    fake = startFakeTeams();
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());
  const send = (message = sampleMessage()) => teamsChannel.send(message, { workflowUrl: fakeTeamsWorkflowUrl(fake.url) }, { signal: AbortSignal.timeout(10_000) });
  const cardOf = (index: number) => (bodyOf(fake.requests[index]!)["attachments"] as Array<{ content: Record<string, unknown> }>)[0]!.content;

  test("an Adaptive Card in the message envelope: attention band, systems as facts, an open link", async () => {
    expect(await send()).toMatchObject({ ok: true, providerStatus: 202 });
    const card = cardOf(0);
    const [band, , facts] = card["body"] as Array<Record<string, unknown>>;
    expect(band).toMatchObject({ type: "Container", style: "attention", items: [{ type: "TextBlock", text: "[Firing] 2 systems unhealthy: api, worker", color: "attention" }] });
    expect(facts).toEqual({
      type: "FactSet",
      facts: [
        { title: "api", value: "unhealthy: http check: 503 from /health" },
        { title: "worker", value: "unhealthy: tcp check: connection refused" },
      ],
    });
    expect(card["actions"]).toEqual([{ type: "Action.OpenUrl", title: "Open in Checkstack", url: "https://status.example.com/systems/sys-api" }]);
  });

  test("the band's style follows the message: good on recovery, warning when degraded, emphasis when acknowledged", async () => {
    for (const [kind, severity] of [["recovered", "healthy"], ["firing", "degraded"], ["acknowledged", "unhealthy"]] as const) {
      expect(await send(sampleMessage({ kind, severity }))).toMatchObject({ ok: true });
    }
    expect([0, 1, 2].map((index) => (cardOf(index)["body"] as Array<{ style: string }>)[0]!.style)).toEqual(["good", "warning", "emphasis"]);
  });

  test("the fake refuses the retired connector MessageCard, as Workflows does", async () => {
    const response = await fetch(fakeTeamsWorkflowUrl(fake.url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ "@type": "MessageCard", "@context": "http://schema.org/extensions", text: "old" }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "InvalidRequestContent" } });
  });
});
