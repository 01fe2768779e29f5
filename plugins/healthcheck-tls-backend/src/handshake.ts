import type { TLSSocket } from "node:tls";

/** Resolves at secureConnect; rejects on error, close or abort, and removes its listeners either way. */
export function waitForHandshake(socket: TLSSocket, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    // Events that already happened will not fire again.
    if (signal.aborted) return reject(new Error("aborted"));
    if (socket.destroyed) return reject(new Error("connection closed"));
    const done = (settle: () => void) => {
      socket.off("secureConnect", onSecure);
      socket.off("error", onError);
      socket.off("close", onClose);
      signal.removeEventListener("abort", onAbort);
      settle();
    };
    const onSecure = () => done(resolve);
    const onError = (error: Error) => done(() => reject(error));
    const onClose = () => done(() => reject(new Error("connection closed during the TLS handshake")));
    const onAbort = () => done(() => reject(new Error("aborted")));
    socket.once("secureConnect", onSecure);
    socket.on("error", onError);
    socket.on("close", onClose);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
