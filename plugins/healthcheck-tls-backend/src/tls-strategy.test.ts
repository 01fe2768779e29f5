import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { tlsCheckConfigSchema } from "./config";
import { runTlsCheck, tlsStrategy } from "./tls-strategy";
import { createSelfSignedCertificate, type TestCertificate, withDeadline } from "@checkstack/test-utils";

const servers: Server[] = [];
const serverSockets = new Set<Socket>();

function track(server: Server): Server {
  servers.push(server);
  server.on("connection", (socket: Socket) => {
    serverSockets.add(socket);
    socket.on("close", () => serverSockets.delete(socket));
    socket.on("error", () => undefined);
  });
  return server;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => track(server).listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

async function serveCertificate(certificate: TestCertificate): Promise<number> {
  const server = createTlsServer({ cert: certificate.cert, key: certificate.key }, (socket) => socket.on("error", () => undefined));
  // A client that gives up mid-handshake makes the server emit tlsClientError; it is expected here.
  server.on("tlsClientError", () => undefined);
  return listen(server);
}

const context = (timeoutMs = 5_000) => ({ signal: AbortSignal.timeout(timeoutMs), timeoutMs });
const config = (input: Record<string, unknown>) => tlsCheckConfigSchema.parse({ host: "127.0.0.1", ...input });

let fiveDays: TestCertificate;
let sixtyDays: TestCertificate;
let fiveDayPort: number;
let sixtyDayPort: number;

beforeAll(async () => {
  [fiveDays, sixtyDays] = await Promise.all([createSelfSignedCertificate(5), createSelfSignedCertificate(60)]);
  fiveDayPort = await serveCertificate(fiveDays);
  sixtyDayPort = await serveCertificate(sixtyDays);
});

afterAll(async () => {
  for (const socket of serverSockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

describe("tls strategy", () => {
  test("a certificate expiring within minDaysValid is unhealthy", async () => {
    const result = await runTlsCheck(config({ port: fiveDayPort, allowInvalidChain: true }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toMatch(/^certificate expires in 4 days \(on .+\), fewer than the required 14$/);
    expect(result.metadata).toMatchObject({ daysUntilExpiry: 4, chainValid: false });
  });

  test("a long-lived certificate is healthy when an invalid chain is allowed", async () => {
    const result = await runTlsCheck(config({ port: sixtyDayPort, servername: "localhost", allowInvalidChain: true }), context());
    expect(result.healthy).toBe(true);
    expect(result.latencyMs).toBeGreaterThan(0);
    const metadata = result.metadata ?? {};
    expect(metadata).toMatchObject({
      daysUntilExpiry: 59,
      subject: "CN=localhost",
      issuer: "CN=localhost",
      chainValid: false,
      authorizationError: "DEPTH_ZERO_SELF_SIGNED_CERT",
      subjectAltNames: ["DNS:localhost", "IP Address:127.0.0.1"],
    });
    expect(new Date(String(metadata.validTo)).getTime()).toBeGreaterThan(Date.now() + 59 * 86_400_000);
    expect(metadata.handshakeMs).toBeNumber();
  });

  test("a self-signed chain is unhealthy unless allowed", async () => {
    const result = await runTlsCheck(config({ port: sixtyDayPort }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toBe("certificate is not trusted: DEPTH_ZERO_SELF_SIGNED_CERT");
  });

  test("a trusted CA makes the chain valid", async () => {
    const result = await runTlsCheck(config({ port: sixtyDayPort, servername: "localhost", ca: sixtyDays.cert }), context());
    expect(result.healthy).toBe(true);
    expect(result.metadata).toMatchObject({ chainValid: true, authorizationError: null });
  });

  test("a name the certificate does not cover invalidates the chain", async () => {
    const result = await runTlsCheck(config({ port: sixtyDayPort, servername: "other.test", ca: sixtyDays.cert }), context());
    expect(result.healthy).toBe(false);
    expect(result.metadata).toMatchObject({ chainValid: false, authorizationError: "ERR_TLS_CERT_ALTNAME_INVALID" });
  });

  test("a refused connection is unhealthy with the reason", async () => {
    const port = await listen(createTcpServer());
    await new Promise<void>((resolve) => servers.pop()?.close(() => resolve()));
    const result = await runTlsCheck(config({ port }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toStartWith(`TLS connection to 127.0.0.1:${port} failed:`);
    expect(result.message).toContain("ECONNREFUSED");
  });

  test("times out when the handshake never completes, and closes the socket", async () => {
    let markClosed: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => (markClosed = resolve));
    // Accepts TCP and never answers the ClientHello. It reads (resume) so it can see the end of the
    // stream: a paused socket would never notice the close behind the unread ClientHello.
    const port = await listen(createTcpServer((socket) => socket.resume().once("close", markClosed)));
    const started = performance.now();
    const result = await runTlsCheck(config({ port }), context(300));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(result.healthy).toBe(false);
    expect(result.message).toBe("timed out after 300 ms");
    await withDeadline(closed, 2_000, "the server never saw the connection close");
  });

  test("config errors are clear", () => {
    const issues = (input: unknown) => tlsCheckConfigSchema.safeParse(input).error?.issues.map((issue) => issue.message) ?? [];
    expect(issues({ host: "example.com", minDaysValid: -1 })).toEqual(["minDaysValid cannot be negative"]);
    expect(issues({ host: "example.com", servername: "not a name" })).toEqual(["servername must be a DNS name"]);
    expect(issues({ host: "https://example.com" })[0]).toStartWith("host must be a hostname or an IP address");
    expect(tlsCheckConfigSchema.parse({ host: "example.com" })).toEqual({ host: "example.com", port: 443, minDaysValid: 14, allowInvalidChain: false });
    expect(tlsStrategy.id).toBe("tls");
  });
});

