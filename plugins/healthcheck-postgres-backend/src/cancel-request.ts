import { connect } from "node:net";

/** The protocol's CancelRequest code (1234 << 16 | 5678). */
const CANCEL_REQUEST_CODE = 80877102;

export interface CancelTarget {
  host: string;
  port: number;
  processId: number;
  secretKey: number;
}

/**
 * Asks the server to cancel whatever the given backend is running, the way
 * psql does on Ctrl-C: a new connection carrying one 16-byte CancelRequest.
 * Closing our own socket is not enough: a backend busy in a query does not
 * notice its client has gone until it next writes. Best effort and bounded:
 * it always resolves.
 */
export function sendCancelRequest(target: CancelTarget, timeoutMs = 1_000): Promise<void> {
  const packet = Buffer.alloc(16);
  packet.writeInt32BE(16, 0);
  packet.writeInt32BE(CANCEL_REQUEST_CODE, 4);
  packet.writeInt32BE(target.processId, 8);
  packet.writeInt32BE(target.secretKey, 12);
  const socket = target.host.startsWith("/")
    ? connect({ path: `${target.host}/.s.PGSQL.${target.port}` })
    : connect({ host: target.host, port: target.port });
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    socket.once("connect", () => socket.end(packet));
    // The server closes the connection once it has read the request.
    socket.once("close", done);
    socket.once("error", done);
  });
}
