import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createServer, type AddressInfo, type Server as NetServer, type Socket } from "node:net";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import { createSelfSignedCertificate, withDeadline, type TestCertificate } from "@checkstack/test-utils";
import { smtpCheckConfigSchema } from "./config";
import { runSmtpCheck, smtpStrategy } from "./smtp-strategy";

const smtpServers: SMTPServer[] = [];
const rawServers: NetServer[] = [];
const rawSockets = new Set<Socket>();
let certificate: TestCertificate;

/** A real SMTP server (the smtp-server package) on 127.0.0.1 that accepts checker / s3cret. */
async function startSmtp(options: SMTPServerOptions): Promise<number> {
  const server = new SMTPServer({
    logger: false,
    // No DNS: the test must not ask a resolver about 127.0.0.1.
    disableReverseLookup: true,
    name: "mail.test",
    banner: "Checkstack test MTA",
    size: 10 * 1024 * 1024,
    onAuth: (auth, _session, callback) =>
      auth.username === "checker" && auth.password === "s3cret" ? callback(null, { user: auth.username }) : callback(new Error("Invalid username or password")),
    ...options,
  });
  smtpServers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return (server.server.address() as AddressInfo).port;
}

async function startRaw(onConnection: (socket: Socket) => void): Promise<number> {
  const server = createServer((socket) => {
    rawSockets.add(socket);
    socket.on("close", () => rawSockets.delete(socket));
    socket.on("error", () => undefined);
    onConnection(socket);
  });
  rawServers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

let starttlsPort = 0;
let plainPort = 0;
let implicitPort = 0;

beforeAll(async () => {
  certificate = await createSelfSignedCertificate(30);
  starttlsPort = await startSmtp({ key: certificate.key, cert: certificate.cert, authMethods: ["PLAIN", "LOGIN"] });
  plainPort = await startSmtp({ disabledCommands: ["STARTTLS"], allowInsecureAuth: true, authMethods: ["LOGIN"] });
  implicitPort = await startSmtp({ secure: true, key: certificate.key, cert: certificate.cert, authMethods: ["PLAIN"] });
}, 30_000);

afterAll(async () => {
  for (const socket of rawSockets) socket.destroy();
  await Promise.all(smtpServers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  await Promise.all(rawServers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

const context = (timeoutMs = 10_000) => ({ signal: AbortSignal.timeout(timeoutMs), timeoutMs });
const config = (input: Record<string, unknown>) => smtpCheckConfigSchema.parse({ host: "127.0.0.1", heloName: "checker.test", ...input });
const login = { username: "checker", password: "s3cret" };

describe("smtp strategy with STARTTLS", () => {
  test("upgrades when offered and reports banner, capabilities and TLS", async () => {
    const result = await smtpStrategy.execute(
      { host: "127.0.0.1", port: starttlsPort, ca: certificate.cert, expectedBanner: "Checkstack test MTA", expectedCapabilities: ["PIPELINING", "size", "AUTH"] },
      context(),
    );
    expect(result).toMatchObject({
      healthy: true,
      message: `127.0.0.1:${starttlsPort} accepts mail over TLSv1.3`,
      metadata: { tls: true, tlsProtocol: "TLSv1.3", authenticated: false, banner: expect.stringContaining("220 mail.test ESMTP Checkstack test MTA") },
    });
    const capabilities = result?.metadata?.capabilities as string[];
    expect(capabilities).toContain("PIPELINING");
    expect(capabilities).toContain("SIZE 10485760");
    // After the upgrade STARTTLS is no longer offered: the capabilities are those of the second EHLO.
    expect(capabilities).not.toContain("STARTTLS");
  });

  test("an untrusted certificate fails the upgrade; insecureSkipVerify accepts it", async () => {
    const untrusted = await runSmtpCheck(config({ port: starttlsPort, tlsMode: "starttls" }), context());
    expect(untrusted.healthy).toBe(false);
    expect(untrusted.message).toBe(`smtp STARTTLS with 127.0.0.1:${starttlsPort} failed: self signed certificate`);
    expect(untrusted.metadata).toMatchObject({ tls: false, capabilities: expect.arrayContaining(["STARTTLS"]) });
    expect((await runSmtpCheck(config({ port: starttlsPort, tlsMode: "starttls", insecureSkipVerify: true }), context())).healthy).toBe(true);
    const wrongName = await runSmtpCheck(config({ port: starttlsPort, ca: certificate.cert, servername: "mx.other.example" }), context());
    expect(wrongName.message).toContain("Hostname/IP does not match certificate's altnames");
  });

  test("AUTH accepted and rejected", async () => {
    const accepted = await runSmtpCheck(config({ port: starttlsPort, tlsMode: "starttls", ca: certificate.cert, ...login }), context());
    expect(accepted).toMatchObject({
      healthy: true,
      message: `127.0.0.1:${starttlsPort} accepts mail over TLSv1.3, authenticated as checker`,
      metadata: { authenticated: true, authMechanism: "PLAIN" },
    });
    const rejected = await runSmtpCheck(config({ port: starttlsPort, ca: certificate.cert, username: "checker", password: "wrong" }), context());
    expect(rejected).toMatchObject({
      healthy: false,
      message: `authentication failed: 535 Invalid username or password (127.0.0.1:${starttlsPort})`,
      metadata: { authenticated: false, tls: true },
    });
  });

  test("a capability the server does not advertise is unhealthy", async () => {
    const result = await runSmtpCheck(config({ port: starttlsPort, ca: certificate.cert, expectedCapabilities: ["PIPELINING", "DSN", "CHUNKING"] }), context());
    expect(result.message).toBe(`server does not advertise DSN, CHUNKING (127.0.0.1:${starttlsPort})`);
  });
});

describe("smtp strategy without STARTTLS", () => {
  test("STARTTLS required is unhealthy; optional carries on in plaintext", async () => {
    expect(await runSmtpCheck(config({ port: plainPort, tlsMode: "starttls" }), context())).toMatchObject({
      healthy: false,
      message: `server does not offer STARTTLS (127.0.0.1:${plainPort})`,
    });
    expect(await runSmtpCheck(config({ port: plainPort }), context())).toMatchObject({
      healthy: true,
      message: `127.0.0.1:${plainPort} accepts mail without TLS`,
      metadata: { tls: false, tlsProtocol: null },
    });
  });

  test("the password is not sent in plaintext unless allowed; then AUTH LOGIN", async () => {
    expect((await runSmtpCheck(config({ port: plainPort, ...login }), context())).message).toBe(
      `refusing to send the password over an unencrypted connection (use TLS, or set allowInsecureAuth) (127.0.0.1:${plainPort})`,
    );
    const allowed = await runSmtpCheck(config({ port: plainPort, allowInsecureAuth: true, ...login }), context());
    expect(allowed).toMatchObject({ healthy: true, metadata: { authenticated: true, authMechanism: "LOGIN" } });
    const rejected = await runSmtpCheck(config({ port: plainPort, allowInsecureAuth: true, username: "checker", password: "nope" }), context());
    expect(rejected.message).toBe(`authentication failed: 535 Invalid username or password (127.0.0.1:${plainPort})`);
  });

  test("a banner that does not match", async () => {
    expect((await runSmtpCheck(config({ port: plainPort, expectedBanner: "Postfix" }), context())).message).toBe(`banner does not contain "Postfix" (127.0.0.1:${plainPort})`);
  });
});

describe("smtp strategy, other servers", () => {
  test("implicit TLS (SMTPS) with AUTH", async () => {
    const result = await runSmtpCheck(config({ port: implicitPort, tlsMode: "implicit", ca: certificate.cert, ...login }), context());
    expect(result).toMatchObject({ healthy: true, metadata: { tls: true, authenticated: true } });
  });

  test("a server that refuses service in its greeting", async () => {
    const port = await startRaw((socket) => socket.end("554 5.3.2 no service here\r\n"));
    const result = await runSmtpCheck(config({ port }), context());
    expect(result).toMatchObject({ healthy: false, message: `server did not greet with 220: 554 5.3.2 no service here (127.0.0.1:${port})` });
  });

  test("a server that never greets times out and the socket is closed", async () => {
    let markClosed: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => (markClosed = resolve));
    const port = await startRaw((socket) => socket.resume().once("close", markClosed));
    const started = performance.now();
    const result = await runSmtpCheck(config({ port }), context(300));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(result).toMatchObject({ healthy: false, message: "timed out after 300 ms", metadata: { connectMs: expect.any(Number), banner: null } });
    await withDeadline(closed, 3_000, "the server never saw the connection close");
  });

  test("a closed port fails at connect", async () => {
    const port = await startRaw(() => undefined);
    await new Promise<void>((resolve) => rawServers.pop()?.close(() => resolve()));
    const result = await runSmtpCheck(config({ port }), context());
    expect(result.message).toStartWith(`connect to 127.0.0.1:${port} failed: `);
    expect(result.message).toContain("ECONNREFUSED");
  });
});
