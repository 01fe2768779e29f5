import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createServer, type Server } from "node:net";
// No types ship with the parser: its output shape is declared where it is used.
// @ts-expect-error untyped module
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { useTestDatabase } from "@checkstack/test-utils";
import { newSecretKey, platformBooted, postRpc, usePlatforms, type PlatformProcess } from "./support/platform-process";
import { waitFor } from "./support/poll";

interface MetricFamily {
  name: string;
  type: string;
  metrics: Array<{ labels?: Record<string, string>; value?: string; buckets?: Record<string, string> }>;
}
const parse = parsePrometheusTextFormat as (text: string) => MetricFamily[];

const ADMIN = { email: "metrics-admin@example.com", password: "metrics-admin-password-1" };
const platforms = usePlatforms("all");
const database = useTestDatabase();
let a: PlatformProcess;
let b: PlatformProcess;
let adminCookie = "";
let scraperKey = "";
let plainKey = "";
let systemId = "";
const target: Server = createServer((socket) => socket.end());
afterAll(() => new Promise<void>((resolve) => target.close(() => resolve())));

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const call = async <T>(path: string, input: unknown): Promise<T> => {
  const response = await postRpc(a, path, input, { cookie: adminCookie });
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${response.text}`);
  return (response.body as { json: T }).json;
};
const scrape = (instance: PlatformProcess, headers: Record<string, string> = {}) =>
  fetch(`${instance.url}/metrics`, { headers, signal: AbortSignal.timeout(60_000) });
const series = (families: MetricFamily[], name: string) => families.find((family) => family.name === name)?.metrics ?? [];

beforeAll(async () => {
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", () => resolve()));
  const options = {
    databaseUrl: database.url,
    secretKey: newSecretKey(),
    env: { CHECKSTACK_ADMIN_EMAIL: ADMIN.email, CHECKSTACK_ADMIN_PASSWORD: ADMIN.password },
  };
  a = await platforms.start(options);
  await platformBooted(a);
  b = await platforms.start(options);
  await platformBooted(b);
  const login = await postRpc(a, "auth/session/login", ADMIN);
  adminCookie = /checkstack_session=[^;]*/.exec(login.headers.get("set-cookie") ?? "")?.[0] ?? "";
  await call("auth/roles/create", { roleId: "scraper", name: "Scraper" });
  await call("auth/roles/setRules", { roleId: "scraper", rules: ["metrics.read"] });
  scraperKey = (await call<{ key: string }>("auth/applications/create", { name: "prometheus", roles: ["scraper"] })).key;
  plainKey = (await call<{ key: string }>("auth/applications/create", { name: "nothing", roles: [] })).key;
  systemId = (await call<{ id: string }>("catalog/createSystem", { name: "Metrics target" })).id;
  const port = (target.address() as { port: number }).port;
  await call("healthcheck/createCheck", {
    name: "metrics tcp",
    strategyId: "tcp",
    config: { host: "127.0.0.1", port },
    intervalSeconds: 1,
    timeoutMs: 900,
    systemIds: [systemId],
  });
}, 240_000);

describe("/metrics", () => {
  test("needs metrics.read: anonymous 401, a key without it 403, a key with only that rule 200", async () => {
    expect((await scrape(a)).status).toBe(401);
    expect((await scrape(a, bearer(plainKey))).status).toBe(403);
    const allowed = await scrape(a, bearer(scraperKey));
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("content-type")).toStartWith("text/plain");
  });

  test("cluster values are the same from every instance; per-instance values carry the instance label", async () => {
    const healthy = (text: string) =>
      series(parse(text), "checkstack_system_status").some((sample) => sample.labels?.["system_id"] === systemId && sample.labels["status"] === "healthy" && sample.value === "1");
    const [fromA, fromB] = await waitFor(
      async () => {
        const [textA, textB] = await Promise.all([a, b].map(async (instance) => (await scrape(instance, bearer(scraperKey))).text()));
        return textA !== undefined && textB !== undefined && healthy(textA) && healthy(textB) ? ([textA, textB] as const) : undefined;
      },
      { timeoutMs: 60_000, description: "both instances reporting the system healthy" },
    );
    const statusOf = (text: string) => JSON.stringify(series(parse(text), "checkstack_system_status").filter((sample) => sample.labels?.["system_id"] === systemId));
    expect(statusOf(fromA)).toBe(statusOf(fromB));
    const families = parse(fromA);
    const up = series(families, "checkstack_check_up").find((sample) => sample.labels?.["system_id"] === systemId);
    expect(up).toMatchObject({ labels: { check: "metrics tcp" }, value: "1" });
    expect(up?.labels?.["instance"]).toBeUndefined();
    const latency = series(families, "checkstack_check_latency_seconds").find((sample) => sample.labels?.["system_id"] === systemId);
    expect(Number(latency?.value)).toBeGreaterThanOrEqual(0);
    expect(Number(latency?.value)).toBeLessThan(1);
    const pool = series(families, "checkstack_db_pool_connections");
    expect(pool.length).toBe(3);
    expect(new Set(pool.map((sample) => sample.labels?.["instance"])).size).toBe(1);
    const requests = families.find((family) => family.name === "checkstack_http_request_duration_seconds");
    expect(requests?.type).toBe("HISTOGRAM");
    // The parser folds a histogram's labelled series together, so the series is read from the text itself.
    expect(fromA).toMatch(/^checkstack_http_request_duration_seconds_count\{[^}]*plugin="catalog",procedure="createSystem",status="2xx"[^}]*\} [1-9]/m);
    expect(series(families, "checkstack_queue_jobs").length).toBeGreaterThan(0);
  });

  test("scheduler lag and broadcast hook lag are histograms of each instance", async () => {
    const count = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].reduce((sum, match) => sum + Number(match[1]), 0);
    const schedulerRuns = /^checkstack_scheduler_lag_seconds_count\{[^}]*instance="[^"]+"[^}]*\} (\d+)/gm;
    const hookReads = /^checkstack_hook_delivery_lag_seconds_count\{[^}]*hook="[^"]+"[^}]*\} (\d+)/gm;
    await waitFor(
      async () => {
        const texts = await Promise.all([a, b].map(async (instance) => (await scrape(instance, bearer(scraperKey))).text()));
        // The check runs on whichever instance claims it; every instance reads every broadcast (the status change).
        const ran = texts.reduce((sum, text) => sum + count(text, schedulerRuns), 0) > 0;
        return ran && texts.every((text) => count(text, hookReads) > 0);
      },
      { timeoutMs: 60_000, description: "scheduler lag observed and a broadcast read on both instances" },
    );
  });

  test("the exposition passes promtool check metrics", async () => {
    const text = await (await scrape(b, bearer(scraperKey))).text();
    const promtool = Bun.spawn(["promtool", "check", "metrics"], { stdin: new TextEncoder().encode(text), stdout: "pipe", stderr: "pipe" });
    const [code, errors] = await Promise.all([promtool.exited, new Response(promtool.stderr).text()]);
    expect(errors).toBe("");
    expect(code).toBe(0);
  });

  test("unknown paths are one label value, whatever a client sends", async () => {
    for (let index = 0; index < 5; index++) await fetch(`${a.url}/api/catalog/no-such-${index}`, { method: "POST" });
    const text = await (await scrape(a, bearer(scraperKey))).text();
    expect(text).toMatch(/^checkstack_http_request_duration_seconds_count\{[^}]*procedure="unmatched"/m);
    expect(text).not.toContain("no-such");
  });

  test("an admin makes /metrics public by granting metrics.read to the anonymous role", async () => {
    const anonymous = await call<Array<{ id: string; rules?: string[] }>>("auth/roles/list", undefined);
    const current = anonymous.find((role) => role.id === "anonymous")?.rules ?? [];
    await call("auth/roles/setRules", { roleId: "anonymous", rules: [...current, "metrics.read"] });
    await waitFor(async () => (await scrape(b)).status === 200, { timeoutMs: 30_000, description: "anonymous scrapes allowed on the other instance" });
  });
});
