import Redis, { type RedisOptions } from "ioredis";
import { isIP } from "node:net";
import type { TLSSocket } from "node:tls";
import { defineHealthCheckStrategy, type HealthCheckResult, type HealthCheckRunContext } from "@checkstack/backend-api";
import { describeError, elapsedMs, startStrategyRun, timedOutResult, untilAborted } from "@checkstack/healthcheck-common/strategy-kit";
import { redisCheckConfigSchema, type RedisCheckConfig } from "./config";
import { replyText, toReplyValue } from "./reply-text";

/** One connection attempt, no retries, no queueing: a probe reports what it found, it does not ride out outages. */
function clientOptions(config: RedisCheckConfig, timeoutMs: number): RedisOptions {
  return {
    host: config.host,
    port: config.port,
    db: config.database,
    ...(config.username !== undefined ? { username: config.username } : {}),
    ...(config.password !== undefined ? { password: config.password } : {}),
    ...(config.tls ? { tls: tlsOptions(config) } : {}),
    connectTimeout: timeoutMs,
    lazyConnect: true,
    enableOfflineQueue: false,
    enableReadyCheck: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    reconnectOnError: () => false,
    autoResubscribe: false,
    connectionName: "checkstack-healthcheck",
  };
}

function tlsOptions(config: RedisCheckConfig): NonNullable<RedisOptions["tls"]> {
  return {
    rejectUnauthorized: config.verifyTls,
    // SNI takes names only; an IP address is then matched against the certificate's IP entries.
    ...(isIP(config.host) === 0 ? { servername: config.host } : {}),
    ...(config.ca ? { ca: config.ca } : {}),
  };
}

/** Whether the server's certificate verified; only meaningful with tls (and verifyTls false lets a bad one through). */
function tlsAuthorized(client: Redis): boolean | undefined {
  const stream = (client as unknown as { stream?: Partial<TLSSocket> }).stream;
  return typeof stream?.authorized === "boolean" ? stream.authorized : undefined;
}

export async function runRedisCheck(config: RedisCheckConfig, context?: HealthCheckRunContext): Promise<HealthCheckResult> {
  const run = startStrategyRun(context);
  if (run.signal.aborted) return timedOutResult(run);
  const client = new Redis(clientOptions(config, run.timeoutMs));
  // The cause of a failed connect or AUTH arrives here; the pending promise only says "Connection is closed".
  // Without a listener ioredis would also print "Unhandled error event".
  let firstError: unknown;
  client.on("error", (error: unknown) => {
    firstError ??= error;
  });
  // disconnect() closes the socket at once, during the connect, the AUTH or a blocking command.
  const disconnect = () => client.disconnect();
  run.signal.addEventListener("abort", disconnect, { once: true });
  const target = `${config.host}:${config.port}`;
  let connectMs: number | undefined;
  try {
    await untilAborted(client.connect(), run.signal);
    connectMs = elapsedMs(run);
    const authorized = config.tls ? tlsAuthorized(client) : undefined;
    const [name, ...args] = config.command;
    const reply = toReplyValue(await untilAborted(client.call(name ?? "PING", ...args), run.signal));
    const metadata = { connectMs, reply, ...(authorized === undefined ? {} : { tlsAuthorized: authorized }) };
    const latencyMs = elapsedMs(run);
    if (config.expectedReply !== undefined && replyText(reply) !== config.expectedReply) {
      return { healthy: false, latencyMs, message: `expected reply ${JSON.stringify(config.expectedReply)}, got ${JSON.stringify(replyText(reply))}`, metadata };
    }
    return { healthy: true, latencyMs, message: `${name ?? "PING"} answered ${JSON.stringify(replyText(reply).slice(0, 100))}`, metadata };
  } catch (error) {
    if (run.signal.aborted) return timedOutResult(run, connectMs === undefined ? undefined : { connectMs });
    const stage = connectMs === undefined ? `connect to ${target} failed` : `${config.command[0] ?? "PING"} failed`;
    return { healthy: false, latencyMs: elapsedMs(run), message: `${stage}: ${describeError(firstError ?? error)}`, ...(connectMs === undefined ? {} : { metadata: { connectMs } }) };
  } finally {
    run.signal.removeEventListener("abort", disconnect);
    await quit(client);
  }
}

/** QUIT when the connection is usable (a clean close in the server's log), bounded; the socket is closed either way. */
async function quit(client: Redis, ms = 1_000): Promise<void> {
  if (client.status === "ready") await untilAborted(client.quit(), AbortSignal.timeout(ms)).catch(() => undefined);
  client.disconnect();
}

export const redisStrategy = defineHealthCheckStrategy({
  id: "redis",
  displayName: "Redis",
  description: "Connects to Redis (optionally with TLS and a password) and sends PING or a configured command; optionally checks the reply.",
  configSchema: redisCheckConfigSchema,
  execute: runRedisCheck,
});
