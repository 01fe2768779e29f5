/**
 * Rolling restarts behind a load balancer (issue 13, item 11): two instances
 * behind a round-robin proxy that health-checks /readyz, each restarted in
 * turn with SIGTERM under continuous load. With SHUTDOWN_DRAIN_MS the
 * instance leaves the rotation (503 on /readyz) before its listener closes,
 * and its responses close their keep-alive connections: no request fails.
 * Without a drain (0) the same restart drops requests, which shows the test
 * would catch a regression.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { useTestDatabase } from "@checkstack/test-utils";
import { waitFor } from "./support/poll";
import { RoundRobinProxy } from "./support/round-robin-proxy";
import { newSecretKey, usePlatforms, type PlatformProcess } from "./support/platform-process";

const HEALTH_INTERVAL_MS = 100;
/** Well above the proxy's interval × unhealthy threshold (100 ms × 2), as the README recommends. */
const DRAIN_MS = 1_500;
const WORKERS = 6;

// afterAll hooks run in declaration order: the proxy and instances stop before the database is dropped.
const proxy = new RoundRobinProxy(HEALTH_INTERVAL_MS);
afterAll(() => proxy.stop());
const platforms = usePlatforms("all");
const database = useTestDatabase();
const secretKey = newSecretKey();

function startInstance(name: string, drainMs: number): Promise<PlatformProcess> {
  return platforms.start({
    databaseUrl: database.url,
    secretKey,
    env: { CHECKSTACK_INSTANCE_ID: name, SHUTDOWN_DRAIN_MS: String(drainMs), CHECKSTACK_ADMIN_EMAIL: "rolling@example.com", CHECKSTACK_ADMIN_PASSWORD: "rolling-restart-password-1" },
  });
}

/** Continuous load through the proxy: WORKERS loops of an anonymous procedure that reads the database. */
class Load {
  ok = 0;
  readonly failures: string[] = [];
  private running = true;
  private readonly loops: Promise<void>[];

  constructor(url: string) {
    this.loops = Array.from({ length: WORKERS }, async () => {
      while (this.running) {
        try {
          const response = await fetch(`${url}/api/auth/session/me`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: "{}",
            signal: AbortSignal.timeout(15_000),
          });
          const text = await response.text();
          if (response.status === 200) this.ok++;
          else this.failures.push(`${response.status} ${text.slice(0, 200)}`);
        } catch (error) {
          this.failures.push(String(error));
        }
      }
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }
}

let instances: PlatformProcess[] = [];

async function joinRotation(instance: PlatformProcess): Promise<void> {
  proxy.add(instance.url);
  await instance.waitForReady(120_000);
  await waitFor(() => proxy.isHealthy(instance.url), { timeoutMs: 10_000, description: `${instance.url} in the proxy's rotation` });
}

/** SIGTERM, wait for the exit, start the replacement and wait until the proxy routes to it. */
async function restart(index: number, name: string, replacementDrainMs: number): Promise<void> {
  const old = instances[index]!;
  const exit = await old.stop("SIGTERM", 60_000);
  expect(exit).toMatchObject({ code: 0, timedOut: false });
  proxy.remove(old.url);
  const replacement = await startInstance(name, replacementDrainMs);
  instances[index] = replacement;
  await joinRotation(replacement);
}

async function underLoad(work: () => Promise<void>): Promise<Load> {
  const load = new Load(proxy.url);
  try {
    const before = load.ok;
    await waitFor(() => load.ok >= before + 50, { timeoutMs: 30_000, description: "load flowing before the restart" });
    await work();
    const after = load.ok;
    await waitFor(() => load.ok >= after + 50, { timeoutMs: 30_000, description: "load flowing after the restart" });
  } finally {
    await load.stop();
  }
  return load;
}

beforeAll(async () => {
  proxy.start();
  // alpha stops without a drain (the control), beta with one.
  instances = await Promise.all([startInstance("alpha", 0), startInstance("beta", DRAIN_MS)]);
  await Promise.all(instances.map(joinRotation));
}, 180_000);

describe("rolling restart behind a load balancer that health-checks /readyz", () => {
  test("without a drain (SHUTDOWN_DRAIN_MS=0), restarting an instance under load drops requests", async () => {
    const load = await underLoad(() => restart(0, "alpha-2", DRAIN_MS));
    process.stderr.write(`rolling restart without drain: ${load.ok} ok, ${load.failures.length} failed\n`);
    expect(load.failures.length).toBeGreaterThan(0);
  }, 240_000);

  test("with the drain, restarting each instance in turn under load fails no request", async () => {
    const load = await underLoad(async () => {
      await restart(1, "beta-2", DRAIN_MS);
      await restart(0, "alpha-3", DRAIN_MS);
    });
    process.stderr.write(`rolling restart with ${DRAIN_MS} ms drain: ${load.ok} ok, ${load.failures.length} failed\n`);
    expect(load.failures).toEqual([]);
    expect(load.ok).toBeGreaterThan(100);
  }, 300_000);
});
