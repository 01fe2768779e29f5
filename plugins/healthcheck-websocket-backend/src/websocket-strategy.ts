import { WebSocket } from "./ws-library";
import { defineHealthCheckStrategy, type HealthCheckResult, type HealthCheckRunContext } from "@checkstack/backend-api";
import { describeError, elapsedMs, startStrategyRun, timedOutResult } from "@checkstack/healthcheck-common/strategy-kit";
import { REPLY_LIMIT_BYTES, expectsReply, websocketCheckConfigSchema, type WebsocketCheckConfig } from "./config";
import { MessageInbox, UpgradeRejectedError, closeSocket, sendText, waitForOpen } from "./socket-events";

function openSocket(config: WebsocketCheckConfig): WebSocket {
  return new WebSocket(config.url, config.subprotocols, {
    headers: config.headers,
    rejectUnauthorized: config.verifyTls,
    ...(config.ca ? { ca: config.ca } : {}),
    // A redirect would send the secret headers to wherever it points.
    followRedirects: false,
    maxPayload: REPLY_LIMIT_BYTES,
    perMessageDeflate: false,
  });
}

/** Why the reply does not do, or undefined when it does. */
function replyMismatch(config: WebsocketCheckConfig, reply: string): string | undefined {
  if (config.expectContains !== undefined && !reply.includes(config.expectContains)) {
    return `reply does not contain ${JSON.stringify(config.expectContains)}`;
  }
  if (config.expectPattern !== undefined && !new RegExp(config.expectPattern).test(reply)) {
    return `reply does not match /${config.expectPattern}/`;
  }
  return undefined;
}

export async function runWebsocketCheck(config: WebsocketCheckConfig, context?: HealthCheckRunContext): Promise<HealthCheckResult> {
  const run = startStrategyRun(context);
  if (run.signal.aborted) return timedOutResult(run);
  const socket = openSocket(config);
  const inbox = new MessageInbox(socket);
  // Errors also reject the pending wait; without a permanent listener a late one would crash the process.
  socket.on("error", () => undefined);
  // Terminating is what stops the work: it destroys the TCP socket, in the handshake or after it.
  const terminate = () => socket.terminate();
  run.signal.addEventListener("abort", terminate, { once: true });
  let metadata: Record<string, unknown> | undefined;
  try {
    const opened = await waitForOpen(socket, run.signal);
    metadata = { connectMs: elapsedMs(run), statusCode: 101, protocol: socket.protocol || null, ...opened };
    if (!expectsReply(config)) {
      if (config.send !== undefined) await sendText(socket, config.send);
      return { healthy: true, latencyMs: elapsedMs(run), message: `upgraded ${config.url}`, metadata };
    }
    if (config.send !== undefined) await sendText(socket, config.send);
    const text = await inbox.next(run.signal);
    metadata = { ...metadata, reply: text, replyMs: elapsedMs(run) };
    const mismatch = replyMismatch(config, text);
    if (mismatch) return { healthy: false, latencyMs: elapsedMs(run), message: mismatch, metadata };
    return { healthy: true, latencyMs: elapsedMs(run), message: `upgraded ${config.url}; reply matched`, metadata };
  } catch (error) {
    if (run.signal.aborted) return timedOutResult(run, metadata);
    if (error instanceof UpgradeRejectedError) {
      return { healthy: false, latencyMs: elapsedMs(run), message: `${config.url}: ${error.message}`, metadata: { statusCode: error.statusCode } };
    }
    const stage = metadata === undefined ? "upgrade to" : "connection to";
    return { healthy: false, latencyMs: elapsedMs(run), message: `${stage} ${config.url} failed: ${describeSocketError(error)}`, ...(metadata ? { metadata } : {}) };
  } finally {
    run.signal.removeEventListener("abort", terminate);
    await closeSocket(socket);
  }
}

/** Node's TLS errors carry a code (SELF_SIGNED_CERT_IN_CHAIN, …) more precise than their text. */
function describeSocketError(error: unknown): string {
  const code = error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
  const text = describeError(error);
  return code && !text.includes(code) ? `${text} (${code})` : text;
}

export const websocketStrategy = defineHealthCheckStrategy({
  id: "websocket",
  displayName: "WebSocket",
  description: "Opens a WebSocket (ws:// or wss://); optionally sends a message and expects a matching reply.",
  configSchema: websocketCheckConfigSchema,
  execute: runWebsocketCheck,
});
