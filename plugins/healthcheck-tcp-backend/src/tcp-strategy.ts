import { connect } from "node:net";
import { defineHealthCheckStrategy, type HealthCheckResult, type HealthCheckRunContext } from "@checkstack/backend-api";
import { describeError, elapsedMs, startStrategyRun, timedOutResult } from "@checkstack/healthcheck-common/strategy-kit";
import { BANNER_LIMIT_BYTES, tcpCheckConfigSchema, type TcpCheckConfig } from "./config";
import { readUntil, waitForConnect } from "./socket-io";

export async function runTcpCheck(config: TcpCheckConfig, context?: HealthCheckRunContext): Promise<HealthCheckResult> {
  const run = startStrategyRun(context);
  if (run.signal.aborted) return timedOutResult(run);
  const target = `${config.host}:${config.port}`;
  const socket = connect({ host: config.host, port: config.port });
  // Destroying on abort is what actually stops the work: it closes the socket (or cancels the connect).
  const destroy = () => socket.destroy();
  run.signal.addEventListener("abort", destroy, { once: true });
  let connectMs: number | undefined;
  const progress = { banner: "" };
  try {
    await waitForConnect(socket, run.signal);
    connectMs = elapsedMs(run);
    if (config.send !== undefined) socket.write(config.send);
    if (config.expect === undefined) {
      return { healthy: true, latencyMs: elapsedMs(run), message: `connected to ${target}`, metadata: { connectMs } };
    }
    const read = await readUntil(socket, config.expect, BANNER_LIMIT_BYTES, run.signal, progress);
    const metadata = { connectMs, banner: read.banner };
    if (read.matched) return { healthy: true, latencyMs: elapsedMs(run), message: `connected to ${target}; banner matched`, metadata };
    const why = read.reason === "limit" ? `in the first ${BANNER_LIMIT_BYTES} bytes` : "before the connection closed";
    return { healthy: false, latencyMs: elapsedMs(run), message: `expected ${JSON.stringify(config.expect)} ${why}`, metadata };
  } catch (error) {
    if (run.signal.aborted) {
      return timedOutResult(run, connectMs === undefined ? undefined : { connectMs, banner: progress.banner });
    }
    const stage = connectMs === undefined ? "connect to" : "connection to";
    return { healthy: false, latencyMs: elapsedMs(run), message: `${stage} ${target} failed: ${describeError(error)}` };
  } finally {
    run.signal.removeEventListener("abort", destroy);
    socket.destroy();
  }
}

export const tcpStrategy = defineHealthCheckStrategy({
  id: "tcp",
  displayName: "TCP",
  description: "Opens a TCP connection; optionally sends a line and expects a banner back.",
  configSchema: tcpCheckConfigSchema,
  execute: runTcpCheck,
});
