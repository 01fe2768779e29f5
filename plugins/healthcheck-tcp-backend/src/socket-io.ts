import type { Socket } from "node:net";

/**
 * Settles once: on `event`, or rejects on error, close or abort. Every wait
 * listens for close and abort, so a destroyed socket can never leave a check
 * hanging on a promise that will not settle.
 */
function settleOn<T>(socket: Socket, signal: AbortSignal, setup: (resolve: (value: T) => void) => () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    // Events that already happened will not fire again.
    if (signal.aborted) return reject(new Error("aborted"));
    if (socket.destroyed) return reject(new Error("connection closed"));
    const cleanups: Array<() => void> = [];
    const finish = (settle: () => void) => {
      for (const cleanup of cleanups) cleanup();
      settle();
    };
    const onError = (error: Error) => finish(() => reject(error));
    const onClose = () => finish(() => reject(new Error("connection closed")));
    const onAbort = () => finish(() => reject(new Error("aborted")));
    socket.on("error", onError);
    socket.on("close", onClose);
    signal.addEventListener("abort", onAbort, { once: true });
    cleanups.push(() => {
      socket.off("error", onError);
      socket.off("close", onClose);
      signal.removeEventListener("abort", onAbort);
    });
    cleanups.push(setup((value) => finish(() => resolve(value))));
  });
}

export function waitForConnect(socket: Socket, signal: AbortSignal): Promise<void> {
  return settleOn<void>(socket, signal, (resolve) => {
    const onConnect = () => resolve();
    socket.once("connect", onConnect);
    return () => socket.off("connect", onConnect);
  });
}

export interface BannerRead {
  banner: string;
  matched: boolean;
  /** Why reading stopped without a match. */
  reason?: "closed" | "limit";
}

/**
 * Reads text until it contains `expected`, the peer ends the stream, or
 * `limitBytes` arrive. `progress.banner` holds what arrived so far, so a
 * caller that gives up (timeout) can still report it.
 */
export function readUntil(
  socket: Socket,
  expected: string,
  limitBytes: number,
  signal: AbortSignal,
  progress: { banner: string } = { banner: "" },
): Promise<BannerRead> {
  let received = Buffer.alloc(0);
  // Decoding the whole buffer each time keeps multi-byte characters split across chunks intact.
  const text = () => received.subarray(0, limitBytes).toString("utf8");
  return settleOn<BannerRead>(socket, signal, (resolve) => {
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      progress.banner = text();
      if (text().includes(expected)) resolve({ banner: text(), matched: true });
      else if (received.byteLength >= limitBytes) resolve({ banner: text(), matched: false, reason: "limit" });
    };
    // A half-close ("end") comes before "close"; resolving here keeps what was read.
    const onEnd = () => resolve({ banner: text(), matched: false, reason: "closed" });
    socket.on("data", onData);
    socket.once("end", onEnd);
    return () => {
      socket.off("data", onData);
      socket.off("end", onEnd);
    };
  });
}
