import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { useTestDatabase } from "@checkstack/test-utils";
import { signIn, type ApiSession } from "./support/api-session";
import { usePluginsDirs, type FixturePlugin } from "./support/fixture-plugins";
import { BOOT_BOUND_MS, newSecretKey, usePlatforms, type PlatformProcess } from "./support/platform-process";
import { SseClient } from "./support/sse-client";

/*
 * The live stream (GET /api/live) across two platform processes on one
 * database: events emitted on A reach browsers connected to B, filtered by
 * what each principal may read; a reconnect with Last-Event-ID gets what it
 * missed; anonymous callers get 401; a stopping instance ends its streams.
 */

const ADMIN = { email: "ops@example.test", password: "correct horse battery staple" };
const USER = { email: "viewer@example.test", password: "viewer password 1" };
const PROBE = "liveprobe";
const CHANGES = 50;

/**
 * Emits the health-check plugin's status hooks on the instance it is called
 * on, as the result writer does when a system changes status: the same hook
 * ids and payload, through emitHook (outbox, NOTIFY) like any plugin's emit.
 */
function liveProbePlugin(): FixturePlugin {
  const source = `import { implement } from "@orpc/server";
import { z } from "zod";
import { proc } from "@checkstack/common";
import { autoAuthMiddleware, coreServices, createBackendPlugin, createHook, type EmitHook, type RpcContext } from "@checkstack/backend-api";

let emitHook: EmitHook | undefined;
const contract = {
  emitStatus: proc({ userType: "anonymous" })
    .input(z.object({ systemId: z.string(), previous: z.enum(["healthy", "degraded", "unhealthy"]), status: z.enum(["healthy", "degraded", "unhealthy"]) }))
    .output(z.object({ ok: z.boolean() })),
};
const os = implement(contract).$context<RpcContext>().use(autoAuthMiddleware);
const router = os.router({
  emitStatus: os.emitStatus.handler(async ({ input }) => {
    if (!emitHook) throw new Error("not ready");
    await emitHook(createHook("healthcheck.system." + input.status), { ...input, at: new Date().toISOString() });
    return { ok: true };
  }),
});
export default createBackendPlugin({
  metadata: { pluginId: "${PROBE}" },
  register(env) {
    env.registerInit({
      deps: { rpc: coreServices.rpc },
      init: async ({ rpc }) => rpc.registerRouter(router),
      afterPluginsReady: async ({ emitHook: emit }) => { emitHook = emit; },
    });
  },
});
`;
  return { id: PROBE, source };
}

const platforms = usePlatforms("all");
const database = useTestDatabase();
const pluginsDirs = usePluginsDirs();
const secretKey = newSecretKey();
const clients: SseClient[] = [];
afterAll(() => clients.forEach((client) => client.close()));

// A local HTTP service for one real health check: healthy until `failing` is set.
let failing = false;
const target = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response(failing ? "down" : "ok", { status: failing ? 503 : 200 }) });
afterAll(() => target.stop(true));

let a: PlatformProcess;
let b: PlatformProcess;
let admin: ApiSession;
let user: ApiSession;
let secretSystem: string;
let openSystem: string;

async function connect(platform: PlatformProcess, headers: Record<string, string> = {}): Promise<SseClient> {
  const client = await SseClient.connect(`${platform.url}/api/live`, headers);
  clients.push(client);
  if (client.status === 200) await client.waitUntil(() => client.named("live.ready").length > 0, 10_000, "live.ready");
  return client;
}

const emitStatus = (systemId: string, previous: string, status: string) => a.call(PROBE, "emitStatus", { systemId, previous, status });
const statusEvents = (client: SseClient, systemId: string) =>
  client.named("healthcheck.system.status").filter((event) => (event.data as { systemId: string }).systemId === systemId);

beforeAll(async () => {
  const pluginsDir = await pluginsDirs.create([liveProbePlugin()]);
  const env = { CHECKSTACK_ADMIN_EMAIL: ADMIN.email, CHECKSTACK_ADMIN_PASSWORD: ADMIN.password, CHECKSTACK_PLUGINS_DIR: pluginsDir };
  [a, b] = (await Promise.all([
    platforms.start({ databaseUrl: database.url, secretKey, env: { ...env, CHECKSTACK_INSTANCE_ID: "alpha" } }),
    platforms.start({ databaseUrl: database.url, secretKey, env: { ...env, CHECKSTACK_INSTANCE_ID: "beta" } }),
  ])) as [PlatformProcess, PlatformProcess];
  await Promise.all([a.waitForReady(BOOT_BOUND_MS), b.waitForReady(BOOT_BOUND_MS)]);
  admin = await signIn(a, ADMIN.email, ADMIN.password);
  const team = await admin.call<{ id: string }>("auth", "teams/create", { name: "Payments" });
  secretSystem = (await admin.call<{ id: string }>("catalog", "createSystem", { name: "Ledger" })).id;
  openSystem = (await admin.call<{ id: string }>("catalog", "createSystem", { name: "Website" })).id;
  // Team-only: readable by the Payments team (and admins), not by other signed-in users.
  await admin.call("auth", "grants/grant", { resourceType: "catalog.system", resourceId: secretSystem, teamId: team.id });
  await admin.call("auth", "grants/setTeamOnly", { resourceType: "catalog.system", resourceId: secretSystem, teamOnly: true });
  await admin.call("auth", "users/create", { email: USER.email, displayName: "Viewer", password: USER.password });
  user = await signIn(b, USER.email, USER.password);
}, BOOT_BOUND_MS + 90_000);

describe("GET /api/live", () => {
  test("an unauthenticated connection gets 401, and so do bad credentials", async () => {
    const anonymous = await connect(b);
    expect(anonymous.status).toBe(401);
    const forged = await connect(b, { cookie: "checkstack_session=not-a-real-session" });
    expect(forged.status).toBe(401);
    const badKey = await connect(b, { authorization: "Bearer ck_not_a_key" });
    expect(badKey.status).toBe(401);
    expect(badKey.response.headers.get("content-type")).toContain("application/json");
  });

  test("an API key is accepted like a session, and its events are filtered by its own roles", async () => {
    const { key } = await admin.call<{ key: string }>("auth", "applications/create", { name: "wallboard", roles: ["admin"] });
    const stream = await connect(b, { authorization: `Bearer ${key}` });
    expect(stream.status).toBe(200);
    await emitStatus(secretSystem, "healthy", "degraded");
    await stream.waitUntil(() => statusEvents(stream, secretSystem).length === 1, 10_000, "the key's stream: the team-only system (admin role)");
  });

  test(`a status change emitted on A reaches a browser on B (${CHANGES} changes, latency printed)`, async () => {
    const stream = await connect(b, { cookie: admin.cookie });
    expect(stream.response.headers.get("content-type")).toContain("text/event-stream");
    const latencies: number[] = [];
    let previous = "healthy";
    for (let n = 0; n < CHANGES; n++) {
      const status = n % 2 === 0 ? "unhealthy" : "healthy";
      const before = statusEvents(stream, openSystem).length;
      const sentAt = performance.now();
      await emitStatus(openSystem, previous, status);
      await stream.waitUntil(() => statusEvents(stream, openSystem).length > before, 10_000, `change ${n}`);
      const received = statusEvents(stream, openSystem)[before];
      expect(received?.data).toMatchObject({ systemId: openSystem, previous, status });
      latencies.push((received?.at ?? sentAt) - sentAt);
      previous = status;
    }
    latencies.sort((x, y) => x - y);
    const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? 0;
    process.stdout.write(`live A->B latency over ${CHANGES} changes: p50 ${p(0.5).toFixed(1)} ms, p99 ${p(0.99).toFixed(1)} ms, max ${p(1).toFixed(1)} ms\n`);
    expect(latencies).toHaveLength(CHANGES);
    // Every event carries the outbox position it resumes from.
    expect(statusEvents(stream, openSystem).every((event) => /^\d+$/.test(event.id ?? ""))).toBe(true);
  }, 120_000);

  test("a user without access to a system receives nothing about it; the admin does", async () => {
    const adminStream = await connect(b, { cookie: admin.cookie });
    const userStream = await connect(b, { cookie: user.cookie });
    await emitStatus(secretSystem, "healthy", "unhealthy");
    await emitStatus(openSystem, "healthy", "degraded");
    // Events reach each connection in emit order: once the second has arrived, the first would have too.
    await adminStream.waitUntil(() => statusEvents(adminStream, openSystem).length === 1, 10_000, "admin: open system");
    await userStream.waitUntil(() => statusEvents(userStream, openSystem).length === 1, 10_000, "user: open system");
    expect(statusEvents(adminStream, secretSystem)).toHaveLength(1);
    expect(statusEvents(userStream, secretSystem)).toHaveLength(0);

    // New runs of a real check flow too, filtered the same way: one check on both systems.
    await admin.call("healthcheck", "createCheck", {
      name: "web and ledger",
      strategyId: "http",
      config: { url: `http://127.0.0.1:${target.port}/` },
      intervalSeconds: 1,
      timeoutMs: 500,
      systemIds: [secretSystem, openSystem],
    });
    const runsOf = (client: SseClient, systemId: string) => client.named("healthcheck.run").filter((event) => (event.data as { systemId: string }).systemId === systemId);
    await adminStream.waitUntil(() => runsOf(adminStream, secretSystem).length > 0 && runsOf(adminStream, openSystem).length > 0, 30_000, "admin: runs");
    await userStream.waitUntil(() => runsOf(userStream, openSystem).length > 0, 30_000, "user: runs of the open system");
    expect(runsOf(userStream, openSystem)[0]?.data).toMatchObject({ systemId: openSystem, healthy: true, message: "200 OK" });
    // The runs of both systems are written in the same batches: the user's stream got the open system's and skipped the other.
    expect(runsOf(userStream, secretSystem)).toHaveLength(0);
    // A real transition, written by whichever instance ran the check, reaches both instances' streams.
    failing = true;
    await adminStream.waitUntil(
      () => statusEvents(adminStream, secretSystem).some((event) => (event.data as { status: string }).status === "unhealthy" && event !== statusEvents(adminStream, secretSystem)[0]),
      30_000,
      "admin: the ledger turning unhealthy",
    );
    await userStream.waitUntil(() => statusEvents(userStream, openSystem).some((event) => (event.data as { status: string }).status === "unhealthy"), 30_000, "user: the website turning unhealthy");
    expect(statusEvents(userStream, secretSystem)).toHaveLength(0);
    expect(runsOf(userStream, secretSystem)).toHaveLength(0);
    const failedRun = runsOf(userStream, openSystem).find((event) => (event.data as { healthy: boolean }).healthy === false);
    expect(failedRun?.data).toMatchObject({ systemId: openSystem, healthy: false });
    expect(String((failedRun?.data as { message: string }).message)).toContain("503");
  }, 90_000);

  test("a reconnect with Last-Event-ID gets the events it missed, in order, and nothing twice", async () => {
    const first = await connect(b, { cookie: admin.cookie });
    await emitStatus(openSystem, "unhealthy", "healthy");
    await first.waitUntil(() => statusEvents(first, openSystem).length === 1, 10_000, "first event");
    const lastSeen = first.lastEventId;
    expect(lastSeen).toMatch(/^\d+$/);
    first.close();
    const missed = ["degraded", "unhealthy", "healthy"];
    let previous = "healthy";
    for (const status of missed) {
      await emitStatus(openSystem, previous, status);
      previous = status;
    }
    const resumed = await connect(b, { cookie: admin.cookie, "last-event-id": String(lastSeen) });
    expect(resumed.named("live.ready")[0]?.data).toMatchObject({ resumed: true });
    await resumed.waitUntil(() => statusEvents(resumed, openSystem).length >= missed.length, 10_000, "missed events");
    expect(statusEvents(resumed, openSystem).map((event) => (event.data as { status: string }).status)).toEqual(missed);
    // Live events keep coming after the replay, and a row is never sent twice.
    await emitStatus(openSystem, "healthy", "degraded");
    await resumed.waitUntil(() => statusEvents(resumed, openSystem).length === missed.length + 1, 10_000, "live after replay");
    const ids = resumed.events.filter((event) => event.id !== undefined).map((event) => event.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(resumed.named("live.resync")).toHaveLength(0);
  }, 60_000);

  test("a signed-out session's stream is told so and ended", async () => {
    const session = await signIn(b, USER.email, USER.password);
    const stream = await connect(b, { cookie: session.cookie });
    const logout = await b.fetch("/api/auth/session/logout", { method: "POST", headers: { "content-type": "application/json", cookie: session.cookie }, body: "{}" });
    expect(logout.status).toBe(200);
    await emitStatus(openSystem, "degraded", "healthy");
    await stream.waitUntil(() => stream.ended, 10_000, "stream ended after logout");
    expect(stream.named("live.unauthorized")).toHaveLength(1);
    expect(statusEvents(stream, openSystem)).toHaveLength(0);
  }, 30_000);

  test("stopping an instance ends its open streams at once: the shutdown does not wait for browsers", async () => {
    const streams = await Promise.all([connect(b, { cookie: admin.cookie }), connect(b, { cookie: user.cookie })]);
    const exit = await b.stop("SIGTERM", 20_000);
    expect(exit.timedOut).toBe(false);
    expect(exit.code).toBe(0);
    expect(exit.durationMs).toBeLessThan(15_000);
    for (const stream of streams) await stream.waitUntil(() => stream.ended, 5_000, "stream ended");
  }, 40_000);
});
