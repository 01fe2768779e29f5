import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { WebSocket, type RawData } from "./ws-library";

/** The server answered the upgrade request with something other than 101 Switching Protocols. */
export class UpgradeRejectedError extends Error {
  constructor(readonly statusCode: number) {
    super(`upgrade rejected with HTTP ${statusCode}`);
  }
}

export interface OpenedSocket {
  /** For wss:// only: whether the server's certificate verified (relevant when verifyTls is false). */
  tlsAuthorized?: boolean;
}

/**
 * Settles once the socket is open, or rejects on a refused upgrade, an error,
 * a close or the abort. Every wait also listens for close and abort, so a
 * terminated socket can never leave a check hanging.
 */
export function waitForOpen(socket: WebSocket, signal: AbortSignal): Promise<OpenedSocket> {
  return new Promise<OpenedSocket>((resolve, reject) => {
    if (signal.aborted) return reject(new Error("aborted"));
    const opened: OpenedSocket = {};
    const onUpgrade = (response: IncomingMessage) => {
      const tls = response.socket as Partial<TLSSocket>;
      if (typeof tls.authorized === "boolean") opened.tlsAuthorized = tls.authorized;
    };
    // With a listener here ws leaves the refused request to us instead of emitting a generic error.
    const onUnexpected = (request: { destroy(): void }, response: IncomingMessage) => {
      response.resume();
      request.destroy();
      finish(() => reject(new UpgradeRejectedError(response.statusCode ?? 0)));
    };
    const onOpen = () => finish(() => resolve(opened));
    const onError = (error: Error) => finish(() => reject(error));
    const onClose = () => finish(() => reject(new Error("connection closed during the upgrade")));
    const onAbort = () => finish(() => reject(new Error("aborted")));
    const finish = (settle: () => void) => {
      socket.off("upgrade", onUpgrade);
      socket.off("unexpected-response", onUnexpected);
      socket.off("open", onOpen);
      socket.off("error", onError);
      socket.off("close", onClose);
      signal.removeEventListener("abort", onAbort);
      settle();
    };
    socket.on("upgrade", onUpgrade);
    socket.on("unexpected-response", onUnexpected);
    socket.on("open", onOpen);
    socket.on("error", onError);
    socket.on("close", onClose);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function messageText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data).toString("utf8");
}

/**
 * Collects messages from the moment the socket is created: a server may send
 * its first message in the same packet as the 101 response, and ws emits it
 * right after "open", before a listener attached after awaiting the open
 * would exist.
 */
export class MessageInbox {
  private readonly received: string[] = [];
  private ended: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(socket: WebSocket) {
    socket.on("message", (data: RawData) => {
      this.received.push(messageText(data));
      this.wake?.();
    });
    socket.on("close", (code: number, reason: Buffer) => {
      const why = reason.length > 0 ? ` (${reason.toString("utf8")})` : "";
      this.ended ??= new Error(`connection closed with code ${code}${why} before a reply`);
      this.wake?.();
    });
    socket.on("error", (error: Error) => {
      this.ended ??= error;
      this.wake?.();
    });
  }

  /** The oldest message not yet taken; rejects once the connection has ended (or on abort) with none left. */
  async next(signal: AbortSignal): Promise<string> {
    for (;;) {
      const message = this.received.shift();
      if (message !== undefined) return message;
      if (this.ended) throw this.ended;
      if (signal.aborted) throw new Error("aborted");
      await new Promise<void>((resolve) => {
        const onAbort = () => resolve();
        signal.addEventListener("abort", onAbort, { once: true });
        this.wake = () => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}

/** Sends a text frame and resolves once it is written to the socket. */
export function sendText(socket: WebSocket, text: string): Promise<void> {
  return new Promise<void>((resolve, reject) => socket.send(text, (error) => (error ? reject(error) : resolve())));
}

/** Closes with 1000 (the server logs a clean close), but never waits more than `ms`; anything else is terminated. */
export async function closeSocket(socket: WebSocket, ms = 1_000): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return;
  if (socket.readyState !== WebSocket.OPEN) {
    socket.terminate();
    return;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  await new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    socket.once("close", () => resolve());
    socket.close(1000);
  });
  clearTimeout(timer);
  socket.terminate();
}
