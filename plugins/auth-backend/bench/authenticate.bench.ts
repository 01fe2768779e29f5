/**
 * Cost of the auth plugin's authenticate(), which runs before every request:
 * median and p99 per call, with the plugin database exactly as the platform
 * hands it over (each statement outside a request runs in its own scope as
 * the plugin's service principal, under row-level security). For context,
 * the same measured through a whole RPC request (session.me) with and
 * without a session cookie.
 *
 *   node_modules/.bin/bun plugins/auth-backend/bench/authenticate.bench.ts
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, stopTestServer } from "@checkstack/test-utils";
import { bootPlatform, createJsonLogger, readPlatformEnv } from "@checkstack/server";
import { createPluginDatabase } from "@checkstack/server/testing/platform";
import { fmt, printTable, summarise } from "../../../server/bench/bench-stats";
import { createApiKeyHasher } from "../src/api-keys";
import { ApplicationService } from "../src/application-service";
import { createAuthenticator } from "../src/authenticator";
import * as schema from "../src/schema";
import { SessionService } from "../src/session-service";
import { UserService } from "../src/user-service";

const ITERATIONS = Number(process.env["BENCH_ITERATIONS"] ?? 2000);

async function sample(work: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 100; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const started = performance.now();
    await work();
    samples.push((performance.now() - started) * 1000);
  }
  return samples;
}

const row = (name: string, samples: number[]) => {
  const stats = summarise(samples);
  return { measured: name, "p50 µs": fmt(stats.p50, 0), "p99 µs": fmt(stats.p99, 0), n: stats.n };
};

const database = await createTestDatabase();
const dataDir = await mkdtemp(join(tmpdir(), "checkstack-auth-bench-"));
const env = readPlatformEnv({
  DATABASE_URL: database.url,
  CHECKSTACK_DATA_DIR: dataDir,
  CHECKSTACK_SECRET_KEY: "11".repeat(32),
  CHECKSTACK_ADMIN_EMAIL: "bench@example.com",
  CHECKSTACK_ADMIN_PASSWORD: "bench-password-1",
  LOG_LEVEL: "silent",
});
const platform = await bootPlatform(env, createJsonLogger({ level: "silent" }));
try {
  const db = createPluginDatabase(platform.pool, { pluginId: "auth", schemaName: "plugin_auth" }, schema);
  const users = new UserService(db);
  const sessions = new SessionService(db);
  // A throwaway secret: this bench checks keys it created itself.
  const applications = new ApplicationService(db, createApiKeyHasher(Buffer.alloc(32, 9)));
  const user = await users.create({ email: "measured@example.com", displayName: "Measured", password: "measured-password" });
  const session = await sessions.start(user.id, {});
  const app = await applications.create({ name: "bench", createdBy: "bench" });
  const authenticator = createAuthenticator(() => ({ sessions, applications, logger: createJsonLogger({ level: "silent" }) }));
  const request = (headers: Record<string, string>) => ({ headers: new Headers(headers), clientAddress: "127.0.0.1" });

  const none = request({});
  const cookie = request({ cookie: `checkstack_session=${session.token}` });
  const bearer = request({ authorization: `Bearer ${app.key}` });
  const rows = [
    row("authenticate(): no credentials", await sample(() => authenticator.authenticate(none))),
    row("authenticate(): session cookie", await sample(() => authenticator.authenticate(cookie))),
    row("authenticate(): API key", await sample(() => authenticator.authenticate(bearer))),
  ];

  const me = (headers: Record<string, string>) => () =>
    platform.rpc.handle(new Request("http://bench/api/auth/session/me", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: "{}" }));
  rows.push(row("HTTP session.me, anonymous", await sample(me({}))));
  rows.push(row("HTTP session.me, session cookie", await sample(me({ cookie: `checkstack_session=${session.token}` }))));
  printTable(`auth: authenticate() per request (${ITERATIONS} calls each)`, rows);
} finally {
  await platform.stop("bench done");
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
  await stopTestServer();
}
