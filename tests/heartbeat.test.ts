import { beforeAll, describe, expect, test } from "bun:test";
import type { Principal } from "@checkstack/backend-api";
import { CatalogApi } from "@checkstack/catalog-common";
import { HealthcheckApi } from "@checkstack/healthcheck-common";
import { HeartbeatApi } from "@checkstack/healthcheck-heartbeat-common";
import { runInDbScope } from "../server/src/database/db-scope";
import { grantAdminRole, httpAppOf, useInProcessPlatform } from "./support/in-process-platform";
import { waitUntil } from "./support/poll";
import { queryAsService } from "./support/service-query";

const running = useInProcessPlatform();
const admin: Principal = { type: "user", id: "hb-admin", roles: ["admin"] };
const outsider: Principal = { type: "user", id: "hb-outsider", roles: ["users"], teams: [] };
const as = <T>(principal: Principal, work: () => Promise<T>) => runInDbScope(running.platform.pool, { principal }, work);
const healthcheck = () => running.platform.clientFor("test").forPlugin(HealthcheckApi, { actAs: "caller" });
const heartbeat = () => running.platform.clientFor("test").forPlugin(HeartbeatApi, { actAs: "caller" });
const catalog = () => running.platform.clientFor("test").forPlugin(CatalogApi, { actAs: "caller" });

let app: ReturnType<typeof httpAppOf>;
const request = (path: string, init: RequestInit = {}) => app.handle(new Request(`http://localhost${path}`, init));

let systemId = "";
let checkId = "";
let pingPath = "";
const status = () => as(admin, () => healthcheck().getSystemStatus({ systemId }));

beforeAll(async () => {
  app = httpAppOf(running.platform);
  await grantAdminRole(running.platform, "hb-admin");
  const system = await as(admin, () => catalog().createSystem({ name: "Nightly backup" }));
  systemId = system.id;
  await as(admin, () => healthcheck().setSystemThresholds({ systemId, thresholds: { degradedAfter: 1, unhealthyAfter: 1 } }));
  const check = await as(admin, () =>
    healthcheck().createCheck({
      name: "backup heartbeat",
      strategyId: "heartbeat",
      config: { periodSeconds: 2, graceSeconds: 1 },
      intervalSeconds: 1,
      timeoutMs: 900,
      systemIds: [systemId],
    }),
  );
  checkId = check.id;
}, 60_000);

const lastHour = () => ({ from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000) });

describe("heartbeat (push) checks", () => {
  test("the strategy is listed, and its config is validated with the field named", async () => {
    const strategies = await as(admin, () => healthcheck().listStrategies());
    expect(JSON.stringify(strategies)).toContain('"heartbeat"');
    const refused = await as(admin, () =>
      healthcheck().createCheck({ name: "bad", strategyId: "heartbeat", config: { periodSeconds: 0 }, intervalSeconds: 1, timeoutMs: 500, systemIds: [systemId] }),
    ).catch((error: { status?: number; message?: string }) => error);
    expect(refused).toMatchObject({ status: 400 });
    expect((refused as { message: string }).message).toContain("periodSeconds");
  });

  test("without a ping URL the check is unhealthy and says what to do", async () => {
    await waitUntil(status, (value) => value.status === "unhealthy", 15_000);
    const runs = await as(admin, () => healthcheck().listSystemRuns({ systemId, limit: 5, ...lastHour() }));
    expect(JSON.stringify(runs)).toContain("no ping URL yet");
  });

  test("a ping URL is shown once, stored hashed, and only for someone who may see the check", async () => {
    const url = await as(admin, () => heartbeat().regeneratePingUrl({ checkId }));
    expect(url.path).toBe(`/api/v1/heartbeat/${url.token}`);
    pingPath = url.path;
    const stored = await queryAsService<{ token_hash: string }>(running.platform.pool, "SELECT token_hash FROM plugin_healthcheck_heartbeat.ping_urls WHERE check_id = $1", [checkId]);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(url.token);
    const state = await as(admin, () => heartbeat().getHeartbeat({ checkId }));
    expect(JSON.stringify(state)).not.toContain(url.token);
    const denied = await as(outsider, () => heartbeat().regeneratePingUrl({ checkId })).catch((error: { status?: number }) => error);
    expect((denied as { status: number }).status).toBeGreaterThanOrEqual(403);
  });

  test("pings keep it healthy; silence beyond period + grace turns it unhealthy; the next ping heals it", async () => {
    const ping = async () => expect((await request(pingPath, { method: "POST" })).status).toBe(200);
    const pingedAt = Date.now();
    await ping();
    await waitUntil(status, (value) => value.status === "healthy", 15_000);
    const unhealthy = await waitUntil(status, (value) => value.status === "unhealthy", 20_000);
    // Period 2 s + grace 1 s after the last ping: never before that deadline.
    expect(Date.now() - pingedAt).toBeGreaterThanOrEqual(3_000);
    expect(unhealthy.status).toBe("unhealthy");
    await request(pingPath); // GET works as well as POST: curl's default, and cron mailers'
    await waitUntil(status, (value) => value.status === "healthy", 15_000);
  });

  test("/start then a ping measures the duration; /fail and a non-zero status report failure with the message", async () => {
    expect((await request(`${pingPath}/start`, { method: "POST" })).status).toBe(200);
    await Bun.sleep(50); // the job's own run time, not a wait for the platform
    await request(pingPath, { method: "POST" });
    const measured = await as(admin, () => heartbeat().getHeartbeat({ checkId }));
    expect(measured.lastDurationMs).toBeGreaterThanOrEqual(50);
    const failed = await request(`${pingPath}/fail`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ status: 3, message: "disk full" }) });
    expect(failed.status).toBe(200);
    await waitUntil(status, (value) => value.status === "unhealthy", 15_000);
    const runs = await as(admin, () => healthcheck().listSystemRuns({ systemId, limit: 1, ...lastHour() }));
    expect(JSON.stringify(runs)).toContain("disk full");
    await request(`${pingPath}?status=0`);
    await waitUntil(status, (value) => value.status === "healthy", 15_000);
    await request(`${pingPath}?status=2&message=rsync%20failed`);
    expect((await as(admin, () => heartbeat().getHeartbeat({ checkId }))).lastPingKind).toBe("fail");
    expect((await request(`${pingPath}?status=abc`)).status).toBe(400);
  });

  test("an unknown or replaced token is a 404 that says nothing; a flood is refused with Retry-After", async () => {
    const unknown = await request("/api/v1/heartbeat/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", { method: "POST" });
    const malformed = await request("/api/v1/heartbeat/x", { method: "POST" });
    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(404);
    expect(await unknown.text()).toBe(await malformed.text());
    const fresh = await as(admin, () => heartbeat().regeneratePingUrl({ checkId }));
    expect((await request(pingPath)).status).toBe(404);
    pingPath = fresh.path;
    let limited: Response | undefined;
    for (let attempt = 0; attempt < 130 && !limited; attempt++) {
      const answer = await request(pingPath);
      if (answer.status === 429) limited = answer;
    }
    expect(limited?.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});
