import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type * as wsTypes from "ws";

/**
 * The pinned `ws` package itself. Bun answers a bare `import "ws"` with its
 * own built-in stand-in, which lacks what a probe needs (the TLS socket on
 * the upgrade response, so no tlsAuthorized; its own error texts). Loading
 * the package's entry by path gets the real library, which runs on Bun's
 * node:http/https/net like any other client.
 */
const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve("ws/package.json"));
const ws = require(join(packageDir, "index.js")) as typeof wsTypes;

export const WebSocket = ws.WebSocket;
export type WebSocket = wsTypes.WebSocket;
export const WebSocketServer = ws.WebSocketServer;
export type WebSocketServer = wsTypes.WebSocketServer;
export type RawData = wsTypes.RawData;
