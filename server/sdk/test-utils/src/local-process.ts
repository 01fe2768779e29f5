import type { Subprocess } from "bun";
import { createServer } from "node:net";

/** A TCP port on 127.0.0.1 that was free a moment ago, for a server a test is about to start. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** Stops a server the test started: SIGTERM, then SIGKILL if it is still there after `graceMs`; resolves once it exited. */
export async function stopChild(child: Subprocess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await child.exited;
  clearTimeout(timer);
}
