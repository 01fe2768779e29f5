/**
 * Configuration as code: `checkstack apply` of a file with 1,000 checks (target < 10 s) on one
 * instance on real Postgres, then the same file again (0 changes) and a dry run. Baseline, in the
 * same run: the same 1,000 checks created by 1,000 createCheck calls over HTTP, one after another.
 */
import { spawn, type Subprocess } from "bun";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runConfigCli } from "../src/cli/config/cli";
import { createTestDatabase } from "../src/testing/test-database";
import { REPO_ROOT } from "../src/platform-env";
import { fmt, printTable } from "./bench-stats";

const BUN = join(REPO_ROOT, "node_modules", ".bin", "bun");
const CHECKS = Number(process.env["BENCH_CONFIG_CHECKS"] ?? 1000);
const ADMIN = { email: "bench-admin@example.com", password: "bench-admin-password-1" };

async function freePort(): Promise<number> {
  const server = Bun.serve({ port: 0, fetch: () => new Response() });
  const port = server.port ?? 0;
  await server.stop(true);
  return port;
}

async function startInstance(databaseUrl: string, dataDir: string): Promise<{ child: Subprocess; url: string }> {
  const port = await freePort();
  const child = spawn([BUN, "server/src/main.ts"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      CHECKSTACK_DATA_DIR: dataDir,
      CHECKSTACK_SECRET_KEY: randomBytes(32).toString("hex"),
      CHECKSTACK_ADMIN_EMAIL: ADMIN.email,
      CHECKSTACK_ADMIN_PASSWORD: ADMIN.password,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "error",
    },
    stdout: "ignore",
    stderr: "inherit",
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (!(await fetch(`${url}/readyz`).then((r) => r.ok, () => false))) {
    if (Date.now() > deadline) throw new Error("instance not ready");
    await Bun.sleep(100);
  }
  return { child, url };
}

async function rpc<T>(url: string, path: string, input: unknown, headers: Record<string, string>): Promise<{ body: T; headers: Headers }> {
  const response = await fetch(`${url}/api/${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ json: input }) });
  const body = (await response.json()) as { json: T };
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
  return { body: body.json, headers: response.headers };
}

function configFile(prefix: string): string {
  const systems = Array.from({ length: 10 }, (_, index) => `  - name: ${prefix}system-${index}`);
  const checks = Array.from({ length: CHECKS }, (_, index) =>
    [`  - name: ${prefix}check-${index}`, "    strategy: tcp", "    interval: 5m", "    timeout: 2s", `    systems: [${prefix}system-${index % 10}]`, `    config: { host: 127.0.0.1, port: ${20_000 + (index % 1000)} }`].join("\n"),
  );
  return `systems:\n${systems.join("\n")}\nchecks:\n${checks.join("\n")}\n`;
}

async function timedApply(url: string, key: string, path: string, ...flags: string[]): Promise<{ ms: number; summary: string }> {
  let out = "";
  let err = "";
  const started = performance.now();
  const code = await runConfigCli(["apply", "-f", path, "--url", url, ...flags], { CHECKSTACK_API_KEY: key }, { stdout: (text) => void (out += text), stderr: (text) => void (err += text) });
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`apply failed: ${err}`);
  return { ms, summary: out.trim().split("\n").at(-1) ?? "" };
}

export async function runConfigApplyBench(): Promise<void> {
  const database = await createTestDatabase();
  const dir = await mkdtemp(join(tmpdir(), "checkstack-config-bench-"));
  const instance = await startInstance(database.url, join(dir, "data"));
  try {
    const login = await rpc(instance.url, "auth/session/login", ADMIN, {});
    const cookie = /checkstack_session=[^;]*/.exec(login.headers.get("set-cookie") ?? "")?.[0] ?? "";
    const key = (await rpc<{ key: string }>(instance.url, "auth/applications/create", { name: "bench", roles: ["admin"] }, { cookie })).body.key;
    const path = join(dir, "checkstack.yaml");
    await writeFile(path, configFile(""));

    const first = await timedApply(instance.url, key, path);
    const again = await timedApply(instance.url, key, path);
    const dry = await timedApply(instance.url, key, path, "--dry-run");

    // Baseline: the same number of checks, one createCheck call each, over HTTP.
    const bearer = { authorization: `Bearer ${key}` };
    const system = (await rpc<{ id: string }>(instance.url, "catalog/createSystem", { name: "baseline-system" }, bearer)).body.id;
    const started = performance.now();
    for (let index = 0; index < CHECKS; index++) {
      await rpc(instance.url, "healthcheck/createCheck", { name: `baseline-${index}`, strategyId: "tcp", config: { host: "127.0.0.1", port: 20_000 + (index % 1000) }, intervalSeconds: 300, timeoutMs: 2000, systemIds: [system] }, bearer);
    }
    const baselineMs = performance.now() - started;

    printTable("configuration as code: apply", [
      { run: `apply, ${CHECKS} checks + 10 systems (target < 10 s)`, seconds: fmt(first.ms / 1000, 2), result: first.summary },
      { run: "apply of the same file again", seconds: fmt(again.ms / 1000, 2), result: again.summary },
      { run: "apply --dry-run of the same file", seconds: fmt(dry.ms / 1000, 2), result: dry.summary },
      { run: `baseline: ${CHECKS} createCheck calls over HTTP, one by one`, seconds: fmt(baselineMs / 1000, 2), result: "-" },
    ]);
  } finally {
    instance.child.kill("SIGTERM");
    await instance.child.exited;
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) await runConfigApplyBench();
