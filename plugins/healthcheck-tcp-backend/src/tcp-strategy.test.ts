import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { withDeadline } from "@checkstack/test-utils";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { tcpCheckConfigSchema } from "./config";
import { runTcpCheck, tcpStrategy } from "./tcp-strategy";

const servers: Server[] = [];
const serverSockets = new Set<Socket>();

/** Starts a server on 127.0.0.1 whose connections are handled by `onConnection`; stopped in afterAll. */
async function listen(onConnection: (socket: Socket) => void): Promise<number> {
  const server = createServer((socket) => {
    serverSockets.add(socket);
    socket.on("close", () => serverSockets.delete(socket));
    socket.on("error", () => undefined);
    onConnection(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

const context = (timeoutMs = 5_000) => ({ signal: AbortSignal.timeout(timeoutMs), timeoutMs });
const config = (input: Record<string, unknown>) => tcpCheckConfigSchema.parse({ host: "127.0.0.1", ...input });

let silentPort: number;
let silentServerSocketClosed: Promise<void>;

beforeAll(async () => {
  let markClosed: () => void = () => undefined;
  silentServerSocketClosed = new Promise((resolve) => (markClosed = resolve));
  // Accepts and never says anything: a banner check against it can only time out. It reads
  // (resume) so it would see the end of the stream even behind data the client sent.
  silentPort = await listen((socket) => socket.resume().once("close", markClosed));
});

afterAll(async () => {
  for (const socket of serverSockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

describe("tcp strategy", () => {
  test("an open port is healthy and reports connectMs", async () => {
    const port = await listen(() => undefined);
    const result = await runTcpCheck(config({ port }), context());
    expect(result.healthy).toBe(true);
    expect(result.metadata?.connectMs).toBeNumber();
    expect(result.latencyMs).toBeGreaterThanOrEqual(result.metadata?.connectMs as number);
  });

  test("a closed port is unhealthy with the reason", async () => {
    const port = await listen(() => undefined);
    await new Promise<void>((resolve) => servers.pop()?.close(() => resolve()));
    const result = await runTcpCheck(config({ port }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toContain(`connect to 127.0.0.1:${port} failed`);
    expect(result.message).toContain("ECONNREFUSED");
  });

  test("an expected banner is matched and reported", async () => {
    const port = await listen((socket) => socket.write("220 mail.test ESMTP ready\r\n"));
    const result = await runTcpCheck(config({ port, expect: "ESMTP" }), context());
    expect(result.healthy).toBe(true);
    expect(result.metadata?.banner).toBe("220 mail.test ESMTP ready\r\n");
  });

  test("sends before reading the answer", async () => {
    const port = await listen((socket) =>
      socket.on("data", (data) => {
        if (data.toString().includes("PING")) socket.write("+PONG\r\n");
      }),
    );
    const result = await runTcpCheck(config({ port, send: "PING\r\n", expect: "PONG" }), context());
    expect(result.healthy).toBe(true);
    expect(result.metadata?.banner).toBe("+PONG\r\n");
  });

  test("a banner without the expected text is unhealthy", async () => {
    const port = await listen((socket) => socket.end("500 go away\r\n"));
    const result = await runTcpCheck(config({ port, expect: "220" }), context());
    expect(result.healthy).toBe(false);
    expect(result.message).toBe('expected "220" before the connection closed');
    expect(result.metadata?.banner).toBe("500 go away\r\n");
  });

  test("times out waiting for a banner and closes the socket", async () => {
    const started = performance.now();
    const result = await runTcpCheck(config({ port: silentPort, expect: "hello" }), context(300));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(result.healthy).toBe(false);
    expect(result.message).toBe("timed out after 300 ms");
    expect(result.metadata).toMatchObject({ banner: "" });
    await withDeadline(silentServerSocketClosed, 2_000, "the server never saw the connection close");
  });

  test("config errors are clear", () => {
    const issues = (input: unknown) => tcpCheckConfigSchema.safeParse(input).error?.issues.map((issue) => issue.message) ?? [];
    expect(issues({ host: "127.0.0.1", port: 70000 })).toEqual(["port must be between 1 and 65535"]);
    expect(issues({ host: "http://x", port: 80 })).toEqual(["host must be a hostname or an IP address, without scheme, port or brackets"]);
    expect(issues({ host: "::1", port: 80, expect: "" })).toEqual(["expect cannot be empty; leave it out to only check the connection"]);
    expect(tcpStrategy.id).toBe("tcp");
  });
});

