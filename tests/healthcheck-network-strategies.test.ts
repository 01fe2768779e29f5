import { beforeAll, describe, expect, test } from "bun:test";
import { CatalogApi } from "@checkstack/catalog-common";
import { HealthcheckApi } from "@checkstack/healthcheck-common";
import type { Principal } from "@checkstack/backend-api";
import { currentDbScope, runInDbScope } from "../server/src/database/db-scope";
import { useInProcessPlatform } from "./support/in-process-platform";
import { waitUntil } from "./support/poll";

// The ping, grpc, ssh and smtp strategies as a normal boot bundles them: discovered in plugins/,
// listed by healthcheck/listStrategies, their secret fields encrypted and redacted by the platform.
const running = useInProcessPlatform();
const admin: Principal = { type: "user", id: "strategies-admin", roles: ["admin"] };
const as = <T>(principal: Principal, work: () => Promise<T>) => runInDbScope(running.platform.pool, { principal }, work);
const healthcheck = () => running.platform.clientFor("test").forPlugin(HealthcheckApi, { actAs: "caller" });
const catalog = () => running.platform.clientFor("test").forPlugin(CatalogApi, { actAs: "caller" });

let systemId = "";

beforeAll(async () => {
  await running.platform.pool.query("INSERT INTO checkstack.principal_roles (principal_type, principal_id, role_id) VALUES ('user', 'strategies-admin', 'admin')");
  systemId = (await as(admin, () => catalog().createSystem({ name: "Network services", description: "probed by the new strategies" }))).id;
}, 30_000);

/** The stored (encrypted) config of a check, read as a service past row security. */
async function storedConfig(checkId: string): Promise<string> {
  const stored = await as({ type: "service", pluginId: "test" }, async () => {
    const client = await currentDbScope()!.client();
    return client.query<{ config: string }>("SELECT config::text AS config FROM plugin_healthcheck.checks WHERE id = $1", [checkId]);
  });
  return stored.rows[0]?.config ?? "";
}

describe("the network strategies on a booted platform", () => {
  test("healthcheck/listStrategies lists ping, grpc, ssh and smtp beside the others", async () => {
    const strategies = await as(admin, () => healthcheck().listStrategies());
    const ids = strategies.map((strategy) => strategy.id);
    expect(ids).toEqual(expect.arrayContaining(["http", "tcp", "dns", "tls", "postgres", "heartbeat", "ping", "grpc", "ssh", "smtp"]));
    for (const id of ["ping", "grpc", "ssh", "smtp"]) {
      expect(strategies.find((strategy) => strategy.id === id)?.description).toBeString();
    }
  });

  test("their secret fields are encrypted at rest and redacted when read back", async () => {
    // Disabled: these targets do not exist; only storage is under test here.
    const create = (strategyId: string, config: Record<string, unknown>) =>
      as(admin, () => healthcheck().createCheck({ name: `${strategyId} secrets`, strategyId, config, intervalSeconds: 60, timeoutMs: 5_000, enabled: false, systemIds: [systemId] }));
    const cases = [
      { strategyId: "ssh", config: { host: "127.0.0.1", username: "ops", password: "ssh-pass-1", command: "uptime" }, secrets: { password: "ssh-pass-1" } },
      { strategyId: "smtp", config: { host: "127.0.0.1", username: "ops", password: "smtp-pass-2" }, secrets: { password: "smtp-pass-2" } },
    ];
    for (const { strategyId, config, secrets } of cases) {
      const check = await create(strategyId, config);
      const stored = await storedConfig(check.id);
      expect(stored).toContain("$secret");
      for (const plain of Object.values(secrets)) expect(stored).not.toContain(plain);
      const read = (await as(admin, () => healthcheck().getCheck({ checkId: check.id }))).config as Record<string, unknown>;
      for (const field of Object.keys(secrets)) expect(read[field]).toBe("********");
      expect(read["username"]).toBe("ops");
    }
    const grpc = await create("grpc", {
      host: "127.0.0.1",
      port: 50051,
      tls: true,
      clientCertificate: "-----BEGIN CERTIFICATE-----\nnot-secret\n-----END CERTIFICATE-----",
      clientKey: "-----BEGIN PRIVATE KEY-----\ngrpc-key-4\n-----END PRIVATE KEY-----",
      secretMetadata: { authorization: "Bearer grpc-token-3" },
    });
    const grpcStored = await storedConfig(grpc.id);
    expect(grpcStored).not.toContain("grpc-token-3");
    expect(grpcStored).not.toContain("grpc-key-4");
    const grpcRead = (await as(admin, () => healthcheck().getCheck({ checkId: grpc.id }))).config as { secretMetadata: Record<string, string>; clientKey: string };
    expect(grpcRead.secretMetadata.authorization).toBe("********");
    expect(grpcRead.clientKey).toBe("********");
  });

  test("a bad config is a 400 naming the field", async () => {
    const outcome = await as(admin, () =>
      healthcheck().createCheck({ name: "bad ping", strategyId: "ping", config: { host: "127.0.0.1", count: 0 }, intervalSeconds: 60, timeoutMs: 5_000, systemIds: [systemId] }),
    ).then(
      () => "created",
      (error: { code?: string; message?: string }) => `${error.code}: ${error.message}`,
    );
    expect(outcome).toStartWith("BAD_REQUEST: Invalid ping config: config.count: count must be between 1 and 20");
  });

  test("a ping check of 127.0.0.1 runs on the scheduler and the system turns healthy", async () => {
    const check = await as(admin, () =>
      healthcheck().createCheck({
        name: "loopback ping",
        strategyId: "ping",
        config: { host: "127.0.0.1", count: 2, intervalMs: 200, replyTimeoutMs: 1_000 },
        intervalSeconds: 5,
        timeoutMs: 5_000,
        systemIds: [systemId],
      }),
    );
    const status = await waitUntil(() => as(admin, () => healthcheck().getSystemStatus({ systemId })), (value) => value.status === "healthy", 30_000);
    expect(status.status).toBe("healthy");
    await as(admin, () => healthcheck().updateCheck({ checkId: check.id, enabled: false }));
  }, 60_000);
});
