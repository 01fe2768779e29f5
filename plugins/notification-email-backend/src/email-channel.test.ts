import { afterAll, afterEach, describe, expect, test } from "bun:test";
import type { NotificationDelivery } from "@checkstack/backend-api";
import { MESSAGE_VARIANTS, sampleMessage, secretFieldNames, undescribedFieldNames, variantMessage } from "@checkstack/notification-kit/testing";
import { emailChannel } from "./email-channel";
import { startFakeSmtp, type FakeSmtp, type FakeSmtpOptions } from "./fake-smtp";

const PASSWORD = "s3cret-app-password-91";
const started: FakeSmtp[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()));
});
afterAll(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()));
});

async function smtp(options: FakeSmtpOptions = {}): Promise<FakeSmtp> {
  const server = await startFakeSmtp(options);
  started.push(server);
  return server;
}

const baseConfig = (port: number, extra: Record<string, unknown> = {}) => ({
  host: "127.0.0.1",
  port,
  security: "none",
  from: "alerts@checkstack.example",
  fromName: "Checkstack alerts",
  to: ["oncall@example.com", "ops@example.com"],
  ...extra,
});
const send = (config: Record<string, unknown>, message = sampleMessage(), signal = AbortSignal.timeout(15_000)) => emailChannel.send(message, config, { signal });
const expectNoPassword = (delivery: NotificationDelivery) => expect(JSON.stringify(delivery)).not.toContain(PASSWORD);

describe("email channel kind", () => {
  test("its config schema describes every field and marks the password secret", () => {
    expect(undescribedFieldNames(emailChannel.configSchema)).toEqual([]);
    expect(secretFieldNames(emailChannel.configSchema)).toEqual(["password"]);
    const refused = emailChannel.configSchema.safeParse({ host: "smtp.example.com", from: "nope", to: [] });
    expect(refused.error?.issues.map((issue) => issue.path.join(".")).sort()).toEqual(["from", "to"]);
  });

  test("a plain relay receives the mail: subject, sender, every recipient, text and HTML bodies, stable ids", async () => {
    const server = await smtp();
    const delivery = await send(baseConfig(server.port));
    expect(delivery).toMatchObject({ ok: true, providerResponse: expect.stringMatching(/^250 /) });
    expect(server.received).toHaveLength(1);
    const [{ envelope, mail, secure }] = server.received as [(typeof server.received)[number]];
    expect(secure).toBe(false);
    expect(envelope).toEqual({ from: "alerts@checkstack.example", to: ["oncall@example.com", "ops@example.com"] });
    expect(mail.subject).toBe("[Firing] 2 systems unhealthy: api, worker");
    expect(mail.from?.value).toEqual([{ name: "Checkstack alerts", address: "alerts@checkstack.example" }]);
    const to = Array.isArray(mail.to) ? mail.to.flatMap((entry) => entry.value) : (mail.to?.value ?? []);
    expect(to.map((address) => address.address)).toEqual(["oncall@example.com", "ops@example.com"]);
    expect(mail.text).toContain("worker: unhealthy since 10:02 UTC (tcp check: connection refused)");
    expect(mail.text).toContain("https://status.example.com/systems/sys-api");
    expect(mail.html).toContain("border-left: 6px solid #D93025");
    expect(mail.html).toContain('<a href="https://status.example.com/systems/sys-api">Open in Checkstack</a>');
    expect(mail.messageId).toBe("<msg_01J9Z3ZQ3V6T2Q@checkstack.example>");
    expect(mail.references).toBe("<alert.alert_7f3c2a@checkstack.example>");
  });

  test("every message variant is delivered, coloured by what it says", async () => {
    const server = await smtp();
    for (const variant of MESSAGE_VARIANTS) expect(await send(baseConfig(server.port), variantMessage(variant))).toMatchObject({ ok: true });
    expect(server.received.map(({ mail }) => mail.subject)).toEqual(MESSAGE_VARIANTS.map((variant) => expect.stringContaining(`${variant.kind} ${variant.severity}`)));
    const colours = server.received.map(({ mail }) => /border-left: 6px solid (#[0-9A-F]{6})/.exec(String(mail.html))?.[1]);
    expect(colours).toEqual(["#D93025", "#F29900", "#D93025", "#F29900", "#5F6368", "#1E8E3E", "#1A73E8", "#D93025", "#1A73E8"]);
  });

  test("the HTML body escapes what systems report", async () => {
    const server = await smtp();
    await send(baseConfig(server.port), sampleMessage({ title: "<script>x</script>", text: "a < b & c" }));
    const [{ mail }] = server.received as [(typeof server.received)[number]];
    expect(mail.html).toContain("&lt;script&gt;x&lt;/script&gt;");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("a &lt; b &amp; c");
  });

  test("STARTTLS and AUTH: the session is upgraded before the password is sent", async () => {
    const server = await smtp({ credentials: { username: "checkstack", password: PASSWORD } });
    const config = baseConfig(server.port, { security: "starttls", verifyCertificate: false, username: "checkstack", password: PASSWORD });
    expect(await send(config)).toMatchObject({ ok: true });
    expect(server.received[0]).toMatchObject({ secure: true, user: "checkstack" });
  });

  test("implicit TLS (port 465 style) with AUTH", async () => {
    const server = await smtp({ implicitTls: true, credentials: { username: "checkstack", password: PASSWORD } });
    const config = baseConfig(server.port, { security: "tls", verifyCertificate: false, username: "checkstack", password: PASSWORD });
    expect(await send(config)).toMatchObject({ ok: true });
    expect(server.received[0]).toMatchObject({ secure: true, user: "checkstack" });
  });

  test("an untrusted certificate is refused when verification is on, and that is final", async () => {
    const server = await smtp();
    const delivery = await send(baseConfig(server.port, { security: "starttls" }));
    expect(delivery).toMatchObject({ ok: false, retryable: false, error: expect.stringMatching(/certificate/i) });
    expect(server.received).toHaveLength(0);
  });

  test("STARTTLS required but not offered: final, nothing sent in plain text", async () => {
    const server = await smtp({ noStartTls: true });
    const delivery = await send(baseConfig(server.port, { security: "starttls", verifyCertificate: false }));
    expect(delivery).toMatchObject({ ok: false, retryable: false, error: expect.stringMatching(/STARTTLS/i) });
    expect(server.received).toHaveLength(0);
  });

  test("a wrong password is a final 535 whose error does not contain the password", async () => {
    const server = await smtp({ credentials: { username: "checkstack", password: "the-right-one" } });
    const delivery = await send(baseConfig(server.port, { security: "starttls", verifyCertificate: false, username: "checkstack", password: PASSWORD }));
    expect(delivery).toMatchObject({ ok: false, retryable: false, providerStatus: 535 });
    expectNoPassword(delivery);
  });

  test("a 4xx reply is retryable, a 5xx reply final", async () => {
    const server = await smtp();
    server.rejectNextRecipient(451, "4.3.0 Mailbox temporarily unavailable");
    expect(await send(baseConfig(server.port, { to: ["oncall@example.com"] }))).toMatchObject({ ok: false, retryable: true, providerStatus: 451 });
    server.rejectNextRecipient(550, "5.1.1 No such user");
    expect(await send(baseConfig(server.port, { to: ["nobody@example.com"] }))).toMatchObject({ ok: false, retryable: false, providerStatus: 550 });
    expect(server.received).toHaveLength(0);
  });

  test("one rejected recipient of two: delivered to the other, the rejection reported", async () => {
    const server = await smtp();
    server.rejectNextRecipient(550, "5.1.1 No such user");
    const delivery = await send(baseConfig(server.port));
    expect(delivery).toMatchObject({ ok: true, providerResponse: expect.stringContaining("rejected: oncall@example.com") });
    expect(server.received[0]?.envelope.to).toEqual(["ops@example.com"]);
  });

  test("the signal aborts the SMTP session itself, and the attempt is retryable", async () => {
    const server = await smtp();
    server.holdNextData();
    const controller = new AbortController();
    const pending = send(baseConfig(server.port), sampleMessage(), controller.signal);
    await server.waitFor(() => server.heldMessages === 1, "the message to be sent and left unanswered");
    controller.abort();
    const delivery = await pending;
    expect(delivery).toMatchObject({ ok: false, retryable: true });
    await server.waitFor(() => server.closedSessions === 1, "the server to see the session closed");
    expect(server.received).toHaveLength(0);
  });

  test("an unreachable server is retryable and its error names no secret", async () => {
    const server = await smtp();
    const { port } = server;
    await server.stop();
    started.splice(started.indexOf(server), 1);
    const delivery = await send(baseConfig(port, { username: "checkstack", password: PASSWORD }));
    expect(delivery).toMatchObject({ ok: false, retryable: true });
    expectNoPassword(delivery);
  });

  test("a link-local or cloud-metadata host is refused before connecting, and that is final", async () => {
    for (const host of ["169.254.169.254", "metadata.google.internal", "[fe80::1]"]) {
      expect(await send(baseConfig(25, { host }))).toMatchObject({ ok: false, retryable: false, error: expect.stringMatching(/metadata|link-local/) });
    }
  });
});
