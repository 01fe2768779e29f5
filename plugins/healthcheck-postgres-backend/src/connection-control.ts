import type pg from "pg";
import { sendCancelRequest, type CancelTarget } from "./cancel-request";

/** pg keeps the backend's cancel key on the client without typing it; read it defensively. */
function cancelTarget(client: pg.Client): CancelTarget | undefined {
  const keys = client as unknown as { processID?: unknown; secretKey?: unknown };
  if (typeof keys.processID !== "number" || typeof keys.secretKey !== "number") return undefined;
  return { host: client.host, port: client.port, processId: keys.processID, secretKey: keys.secretKey };
}

/** Closes the socket at once; pending connect and query promises then reject. */
export function destroyConnection(client: pg.Client): void {
  client.connection.stream.destroy();
}

/**
 * For a timed-out check: drop our connection so nothing waits on it any more,
 * and have the server cancel the running query (the backend would otherwise
 * keep running it until statement_timeout).
 */
export async function abortConnection(client: pg.Client): Promise<void> {
  const target = cancelTarget(client);
  destroyConnection(client);
  if (target) await sendCancelRequest(target);
}

/** Ends the session politely (the server logs no "unexpected EOF"), but never waits more than `ms`. */
export async function endConnection(client: pg.Client, ms = 1_000): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([client.end().catch(() => undefined), gaveUp]);
  clearTimeout(timer);
  destroyConnection(client);
}
