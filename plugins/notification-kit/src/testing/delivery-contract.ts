import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import type { NotificationChannelKind, NotificationDelivery } from "@checkstack/backend-api";
import type { FakeProvider } from "./fake-provider";
import { MESSAGE_VARIANTS, sampleMessage, variantMessage } from "./sample-message";
import { secretFieldNames, secretValues, undescribedFieldNames } from "./schema-fields";

/** What the shared delivery tests need to know about one HTTP channel kind. */
export interface ChannelContract {
  kind: NotificationChannelKind;
  /** A config whose provider URL points at this base (a fake's URL, or a port nothing listens on). */
  config: (baseUrl: string) => Record<string, unknown>;
  startFake: () => FakeProvider;
  /** The config fields that must be marked secret(). */
  secretFields: string[];
  /** Statuses the provider documents as final (default 400, 401, 403). */
  finalStatuses?: number[];
  /** False for providers whose 429 states no wait (no Retry-After, nothing in the body): default true. */
  rateLimitStatesWait?: boolean;
}

/** A port nothing listens on: taken from the system, then released. */
function closedPort(): number {
  const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const { port } = listener;
  listener.stop(true);
  return port;
}

function expectNoSecret(delivery: NotificationDelivery, secrets: ReadonlyArray<string>): void {
  const shown = JSON.stringify(delivery);
  for (const value of secrets) expect(shown).not.toContain(value);
}

/**
 * The behaviour every HTTP channel kind shares, run against the kind's fake provider: its config schema
 * describes every field and marks the secrets; every message variant is accepted by the fake (which
 * checks the documented payload); 429 and 5xx are retryable with the provider's wait; the documented
 * final statuses are not; the signal aborts the request itself; requests go through outboundFetch
 * (metadata targets and cross-host redirects refused); no secret reaches a delivery.
 */
export function describeChannelContract(contract: ChannelContract): void {
  const { kind } = contract;
  describe(`${kind.id} channel kind: the delivery contract`, () => {
    let fake: FakeProvider;
    beforeAll(() => {
      fake = contract.startFake();
    });
    afterAll(async () => {
      await fake.stop();
    });
    beforeEach(() => fake.reset());

    const send = (config: Record<string, unknown>, signal = AbortSignal.timeout(10_000), message = sampleMessage()) =>
      kind.send(message, config, { signal });
    const secretsOf = (config: Record<string, unknown>) => secretValues(kind.configSchema, config);

    test("its config schema describes every field and marks the secret ones", () => {
      expect(undescribedFieldNames(kind.configSchema)).toEqual([]);
      expect(secretFieldNames(kind.configSchema)).toEqual([...contract.secretFields].sort());
      expect(secretsOf(contract.config(fake.url)).length).toBeGreaterThan(0);
    });

    test.each(MESSAGE_VARIANTS.map((variant) => [`${variant.kind}/${variant.severity}`, variant] as const))(
      "the provider accepts the %s message as documented",
      async (_name, variant) => {
        const delivery = await send(contract.config(fake.url), undefined, variantMessage(variant));
        expect(fake.problems).toEqual([]);
        expect(delivery).toMatchObject({ ok: true });
        expect(fake.requests).toHaveLength(1);
      },
    );

    test("the fake refuses what the documented API refuses (an empty JSON object)", async () => {
      await send(contract.config(fake.url));
      const sent = fake.requests[0];
      expect(sent).toBeDefined();
      const search = sent!.query.toString();
      const response = await fetch(`${fake.url}${sent!.path}${search ? `?${search}` : ""}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      await response.body?.cancel();
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(fake.problems.length).toBeGreaterThan(0);
    });

    test("a 429 is retryable, after the wait the provider asks for when it states one", async () => {
      fake.answerNext({ rateLimitedSeconds: 7 });
      const delivery = await send(contract.config(fake.url));
      expect(delivery).toMatchObject({ ok: false, retryable: true, providerStatus: 429 });
      if (delivery.ok) return;
      expect(delivery.retryAfterMs).toBe(contract.rateLimitStatesWait === false ? undefined : 7000);
      expect(fake.problems).toEqual([]);
    });

    test.each([500, 502, 503])("a %i is retryable", async (status) => {
      fake.answerNext({ status });
      const delivery = await send(contract.config(fake.url));
      expect(delivery).toMatchObject({ ok: false, retryable: true, providerStatus: status });
    });

    test.each(contract.finalStatuses ?? [400, 401, 403])("a %i is final, and its error names no secret", async (status) => {
      fake.answerNext({ status, reason: "refused by the fake" });
      const config = contract.config(fake.url);
      const delivery = await send(config);
      expect(delivery).toMatchObject({ ok: false, retryable: false, providerStatus: status });
      expectNoSecret(delivery, secretsOf(config));
    });

    test("the signal aborts the request itself, and the attempt is retryable", async () => {
      fake.answerNext({ hang: true });
      const controller = new AbortController();
      const pending = send(contract.config(fake.url), controller.signal);
      await fake.waitFor(() => fake.requests.length === 1, "the request to reach the fake");
      controller.abort();
      const delivery = await pending;
      expect(delivery).toMatchObject({ ok: false, retryable: true });
      await fake.waitFor(() => fake.abortedRequests === 1, "the fake to see the request aborted");
    });

    test("it sends through outboundFetch: a cloud-metadata address is refused before any request, and that is final", async () => {
      const delivery = await send(contract.config("http://169.254.169.254"));
      expect(delivery).toMatchObject({ ok: false, retryable: false, error: expect.stringMatching(/metadata/) });
    });

    test("a redirect to another host is not followed, and that is final", async () => {
      // 127.0.0.1 and localhost are different hosts to the guard, though the same machine.
      fake.answerNext({ respond: (request) => new Response(null, { status: 307, headers: { location: `${fake.url.replace("127.0.0.1", "localhost")}${request.path}` } }) });
      const delivery = await send(contract.config(fake.url));
      expect(delivery).toMatchObject({ ok: false, retryable: false, error: expect.stringContaining("another host") });
      expect(fake.requests).toHaveLength(1);
    });

    test("an unreachable provider is retryable, and the error names no secret", async () => {
      const config = contract.config(`http://127.0.0.1:${closedPort()}`);
      const delivery = await send(config);
      expect(delivery).toMatchObject({ ok: false, retryable: true });
      expectNoSecret(delivery, secretsOf(config));
    });
  });
}
