import { createServer as createHttpServer, type IncomingMessage, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "./ws-library";

/**
 * A real WebSocket server (the ws library's) on 127.0.0.1 for the strategy's
 * tests. Paths choose the behaviour:
 * - /echo      replies "echo:<message>" to every message
 * - /greet     sends "welcome" as soon as the connection opens
 * - /headers   replies with the upgrade request's x-token header
 * - /silent    accepts and never says anything
 * - /deny      refuses the upgrade with 403
 */
export interface WebsocketTestServer {
  /** ws://127.0.0.1:<port> or wss://…, without a path. */
  base: string;
  /** Connections currently open on the server side. */
  openConnections(): number;
  stop(): Promise<void>;
}

export async function startWebsocketTestServer(tls?: { cert: string; key: string }): Promise<WebsocketTestServer> {
  const server: Server = tls ? createHttpsServer(tls) : createHttpServer();
  const sockets = new WebSocketServer({ noServer: true });
  server.on("request", (_request, response) => response.writeHead(426).end("upgrade required"));
  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = request.url ?? "/";
    if (path === "/deny") {
      socket.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      if (path === "/greet") ws.send("welcome");
      ws.on("message", (data) => {
        if (path === "/echo") ws.send(`echo:${data.toString()}`);
        if (path === "/headers") ws.send(String(request.headers["x-token"] ?? ""));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `${tls ? "wss" : "ws"}://127.0.0.1:${port}`,
    openConnections: () => sockets.clients.size,
    stop: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
