import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Server, ServerCredentials, status, type sendUnaryData, type ServerUnaryCall, type ServerWritableStream } from "@grpc/grpc-js";
import { service as healthService } from "grpc-health-check";
import { createServer, type AddressInfo, type Server as NetServer, type Socket } from "node:net";
import { createSelfSignedCertificate, withDeadline, type TestCertificate } from "@checkstack/test-utils";
import { grpcCheckConfigSchema } from "./config";
import { grpcStrategy, runGrpcCheck } from "./grpc-strategy";

/** What the test server answers per service name; a name missing here is NOT_FOUND, as the protocol says. */
const statuses: Record<string, string> = { "": "SERVING", billing: "NOT_SERVING", legacy: "SERVICE_UNKNOWN", secured: "SERVING" };

/** A grpc.health.v1 server written for the test, over health.proto as grpc-health-check ships it. */
function healthServer(): Server {
  const server = new Server();
  server.addService(healthService, {
    check: (call: ServerUnaryCall<{ service: string }, { status: string }>, callback: sendUnaryData<{ status: string }>) => {
      const name = call.request.service;
      if (name === "secured" && call.metadata.get("authorization")[0] !== "Bearer t0ken") {
        return callback({ code: status.UNAUTHENTICATED, details: "missing or wrong token" });
      }
      const answer = statuses[name];
      if (answer === undefined) return callback({ code: status.NOT_FOUND, details: `unknown service ${name}` });
      callback(null, { status: answer });
    },
    watch: (call: ServerWritableStream<unknown, unknown>) => call.emit("error", { code: status.UNIMPLEMENTED, details: "not in this test" }),
  });
  return server;
}

const grpcServers: Server[] = [];
const netServers: NetServer[] = [];
const netSockets = new Set<Socket>();

async function bind(server: Server, credentials: ServerCredentials): Promise<number> {
  grpcServers.push(server);
  return new Promise<number>((resolve, reject) => server.bindAsync("127.0.0.1:0", credentials, (error, port) => (error ? reject(error) : resolve(port))));
}

async function listenRaw(onConnection: (socket: Socket) => void): Promise<number> {
  const server = createServer((socket) => {
    netSockets.add(socket);
    socket.on("close", () => netSockets.delete(socket));
    socket.on("error", () => undefined);
    onConnection(socket);
  });
  netServers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

let plainPort = 0;
let tlsPort = 0;
let bareGrpcPort = 0;
let mutualTlsPort = 0;
let certificate: TestCertificate;
let clientCertificate: TestCertificate;

beforeAll(async () => {
  certificate = await createSelfSignedCertificate(30);
  plainPort = await bind(healthServer(), ServerCredentials.createInsecure());
  tlsPort = await bind(healthServer(), ServerCredentials.createSsl(null, [{ private_key: Buffer.from(certificate.key), cert_chain: Buffer.from(certificate.cert) }]));
  // Mutual TLS: the server only accepts clients presenting clientCertificate (trusted as its own root).
  clientCertificate = await createSelfSignedCertificate(30);
  mutualTlsPort = await bind(
    healthServer(),
    ServerCredentials.createSsl(Buffer.from(clientCertificate.cert), [{ private_key: Buffer.from(certificate.key), cert_chain: Buffer.from(certificate.cert) }], true),
  );
  // A gRPC server without the health service at all.
  bareGrpcPort = await bind(new Server(), ServerCredentials.createInsecure());
}, 30_000);

afterAll(async () => {
  for (const server of grpcServers) server.forceShutdown();
  for (const socket of netSockets) socket.destroy();
  await Promise.all(netServers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

const context = (timeoutMs = 5_000) => ({ signal: AbortSignal.timeout(timeoutMs), timeoutMs });
const config = (input: Record<string, unknown>) => grpcCheckConfigSchema.parse({ host: "127.0.0.1", port: plainPort, ...input });

describe("grpc strategy against a grpc.health.v1 server on 127.0.0.1", () => {
  test("the server's overall health is SERVING", async () => {
    const result = await grpcStrategy.execute({ host: "127.0.0.1", port: plainPort }, context());
    expect(result).toMatchObject({ healthy: true, message: "the server is SERVING", metadata: { service: "", status: "SERVING", grpcCode: "OK" } });
    expect(result?.latencyMs).toBeNumber();
  });

  test("NOT_SERVING and SERVICE_UNKNOWN are unhealthy", async () => {
    expect(await runGrpcCheck(config({ service: "billing" }), context())).toMatchObject({
      healthy: false,
      message: 'service "billing" reports NOT_SERVING',
      metadata: { status: "NOT_SERVING" },
    });
    expect(await runGrpcCheck(config({ service: "legacy" }), context())).toMatchObject({
      healthy: false,
      message: 'service "legacy" reports SERVICE_UNKNOWN',
      metadata: { status: "SERVICE_UNKNOWN" },
    });
  });

  test("a service the server does not know (NOT_FOUND) is unhealthy", async () => {
    const result = await runGrpcCheck(config({ service: "nope.Service" }), context());
    expect(result).toMatchObject({
      healthy: false,
      message: `127.0.0.1:${plainPort} does not know service "nope.Service" (NOT_FOUND)`,
      metadata: { status: "SERVICE_UNKNOWN", grpcCode: "NOT_FOUND" },
    });
  });

  test("secret metadata is sent with the call", async () => {
    expect((await runGrpcCheck(config({ service: "secured" }), context())).message).toContain("UNAUTHENTICATED: missing or wrong token");
    expect((await runGrpcCheck(config({ service: "secured", secretMetadata: { authorization: "Bearer t0ken" } }), context())).healthy).toBe(true);
  });

  test("a server without the health service is UNIMPLEMENTED", async () => {
    const result = await runGrpcCheck(config({ port: bareGrpcPort }), context());
    expect(result).toMatchObject({ healthy: false, message: `127.0.0.1:${bareGrpcPort} does not implement grpc.health.v1.Health (UNIMPLEMENTED)` });
  });

  test("an unreachable server is unhealthy with UNAVAILABLE", async () => {
    const port = await listenRaw(() => undefined);
    await new Promise<void>((resolve) => netServers.pop()?.close(() => resolve()));
    const result = await runGrpcCheck(config({ port }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toStartWith(`health check against 127.0.0.1:${port} failed: UNAVAILABLE: `);
    expect(result.metadata).toMatchObject({ grpcCode: "UNAVAILABLE" });
  });

  test("the timeout cancels the call and closes the connection", async () => {
    let markClosed: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => (markClosed = resolve));
    // Accepts TCP and never speaks HTTP/2: the call can only time out.
    const port = await listenRaw((socket) => socket.resume().once("close", markClosed));
    const started = performance.now();
    const result = await runGrpcCheck(config({ port }), context(300));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(result).toMatchObject({ healthy: false, message: "timed out after 300 ms" });
    await withDeadline(closed, 3_000, "the server never saw the connection close");
  });
});

describe("grpc strategy over TLS with a self-signed certificate", () => {
  const tls = (input: Record<string, unknown>) => config({ port: tlsPort, tls: true, ...input });

  test("trusted through ca", async () => {
    expect(await runGrpcCheck(tls({ ca: certificate.cert }), context())).toMatchObject({ healthy: true, message: "the server is SERVING" });
    expect((await runGrpcCheck(tls({ ca: certificate.cert, servername: "localhost", service: "billing" }), context())).message).toBe(
      'service "billing" reports NOT_SERVING',
    );
  });

  test("refused without the ca, or for another name", async () => {
    const untrusted = await runGrpcCheck(tls({}), context());
    expect(untrusted.healthy).toBe(false);
    expect(untrusted.message).toStartWith(`health check against 127.0.0.1:${tlsPort} failed: UNAVAILABLE: `);
    expect(untrusted.message).toEndWith("Last error: Error: self signed certificate");
    const wrongName = await runGrpcCheck(tls({ ca: certificate.cert, servername: "other.example" }), context());
    expect(wrongName.healthy).toBe(false);
    expect(wrongName.message).toContain("UNAVAILABLE");
    expect(wrongName.message).toContain("Hostname/IP does not match certificate's altnames: Host: other.example.");
  });

  test("accepted with insecureSkipVerify", async () => {
    expect(await runGrpcCheck(tls({ insecureSkipVerify: true }), context())).toMatchObject({ healthy: true });
  });

  test("mutual TLS: refused without a client certificate, SERVING with it", async () => {
    const anonymous = await runGrpcCheck(tls({ port: mutualTlsPort, ca: certificate.cert }), context());
    expect(anonymous.healthy).toBe(false);
    expect(anonymous.metadata).toMatchObject({ grpcCode: "UNAVAILABLE" });
    const identified = await runGrpcCheck(tls({ port: mutualTlsPort, ca: certificate.cert, clientCertificate: clientCertificate.cert, clientKey: clientCertificate.key }), context());
    expect(identified).toMatchObject({ healthy: true, message: "the server is SERVING" });
  });

  test("plaintext against the TLS port fails rather than hangs", async () => {
    const result = await runGrpcCheck(config({ port: tlsPort }), context(2_000));
    expect(result.healthy).toBe(false);
  });
});
