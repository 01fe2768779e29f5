import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { Pool } from "pg";
import { z } from "zod";
import { REDACTED, defineConfig, secret } from "@checkstack/backend-api";
import { createTestDatabase } from "../testing/test-database";
import { createPlatformDatabase, migratePlatform, type PlatformDatabase } from "../database/platform-database";
import { ConfigValidationError, ConfigVersionError, createPluginConfigService, type ConfigUpdatedEvent } from "./plugin-config-service";
import { FINGERPRINT_SETTING, SecretBox, SecretDecryptionError, SecretKeyMismatchError } from "./secret-box";

const smtpConfig = defineConfig({
  key: "smtp",
  version: 1,
  schema: z.object({
    host: z.string(),
    port: z.number().int().default(587),
    password: secret(z.string()),
    backups: z.array(z.object({ host: z.string(), password: secret(z.string()).optional() })).default([]),
  }),
});

const smtpValue = { host: "mail.example.com", password: "hunter2-plaintext", backups: [{ host: "backup", password: "backup-plaintext" }] };

let testDatabase: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
let db: PlatformDatabase;
const box = new SecretBox(randomBytes(32));

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  pool = new Pool({ connectionString: testDatabase.url, max: 4 });
  await migratePlatform(pool);
  db = createPlatformDatabase(pool);
});

afterAll(async () => {
  await pool?.end();
  await testDatabase?.drop();
});

function serviceFor(pluginId: string, secrets: SecretBox = box) {
  const events: ConfigUpdatedEvent[] = [];
  const service = createPluginConfigService({ db, pluginId, secrets, onUpdated: async (event) => void events.push(event) });
  return { service, events };
}

async function rawRow(pluginId: string, key: string): Promise<{ version: number; json: string } | undefined> {
  const result = await pool.query<{ version: number; json: string }>(
    "SELECT version, value::text AS json FROM checkstack.plugin_configs WHERE plugin_id = $1 AND key = $2",
    [pluginId, key],
  );
  return result.rows[0];
}

describe("plugin config service", () => {
  test("round-trips a value, applying schema defaults", async () => {
    const { service } = serviceFor("round-trip");
    await service.set(smtpConfig, smtpValue);
    expect(await service.get(smtpConfig)).toEqual({ ...smtpValue, port: 587 });
    expect(await service.keys()).toEqual(["smtp"]);
  });

  test("returns undefined for a key never set", async () => {
    expect(await serviceFor("never-set").service.get(smtpConfig)).toBeUndefined();
    expect(await serviceFor("never-set").service.getRedacted(smtpConfig)).toBeUndefined();
  });

  test("stores secrets encrypted: the plaintext appears nowhere in the row", async () => {
    const { service } = serviceFor("encrypted");
    await service.set(smtpConfig, smtpValue);
    const row = await rawRow("encrypted", "smtp");
    expect(row?.json).toContain('"$secret"');
    expect(row?.json).toContain("mail.example.com");
    expect(row?.json).not.toContain("hunter2");
    expect(row?.json).not.toContain("backup-plaintext");
  });

  test("getRedacted masks secrets and keeps the rest", async () => {
    const { service } = serviceFor("redacted");
    await service.set(smtpConfig, smtpValue);
    expect(await service.getRedacted(smtpConfig)).toEqual({
      host: "mail.example.com",
      port: 587,
      password: REDACTED,
      backups: [{ host: "backup", password: REDACTED }],
    });
  });

  test("onUpdated receives the redacted value on set, and undefined on delete", async () => {
    const { service, events } = serviceFor("hooked");
    await service.set(smtpConfig, smtpValue);
    expect(events).toEqual([
      { pluginId: "hooked", key: "smtp", value: { host: "mail.example.com", port: 587, password: REDACTED, backups: [{ host: "backup", password: REDACTED }] } },
    ]);
    expect(JSON.stringify(events)).not.toContain("plaintext");
    await service.delete(smtpConfig);
    await service.delete(smtpConfig);
    expect(events).toHaveLength(2);
    expect(events[1]).toEqual({ pluginId: "hooked", key: "smtp", value: undefined });
    expect(await service.get(smtpConfig)).toBeUndefined();
    expect(await service.keys()).toEqual([]);
  });

  test("an invalid value throws ConfigValidationError and writes nothing", async () => {
    const { service, events } = serviceFor("invalid");
    const attempt = service.set(smtpConfig, { host: 42, password: "secret-in-error?" } as unknown as z.input<typeof smtpConfig.schema>);
    await expect(attempt).rejects.toThrow(ConfigValidationError);
    const error = await attempt.catch((caught: unknown) => caught);
    if (!(error instanceof ConfigValidationError)) throw new Error("expected a ConfigValidationError");
    expect(error.message).toContain('config "smtp" of plugin "invalid"');
    expect(error.message).toContain("host:");
    expect(error.message).not.toContain("secret-in-error?");
    expect(error.issues[0]?.path).toEqual(["host"]);
    expect(await rawRow("invalid", "smtp")).toBeUndefined();
    expect(events).toEqual([]);
  });

  test("an invalid value leaves an earlier value in place", async () => {
    const { service } = serviceFor("invalid-later");
    await service.set(smtpConfig, smtpValue);
    await expect(service.set(smtpConfig, { ...smtpValue, port: 1.5 })).rejects.toThrow(/port:/);
    expect(await service.get(smtpConfig)).toEqual({ ...smtpValue, port: 587 });
  });

  test("a non-secret field may not hold an envelope-shaped object", async () => {
    const free = defineConfig({ key: "free", version: 1, schema: z.object({ extra: z.record(z.string(), z.unknown()) }) });
    const { service } = serviceFor("planted");
    await expect(service.set(free, { extra: { planted: { $secret: "v1:x:y:z" } } })).rejects.toThrow(ConfigValidationError);
  });

  test("plugins see only their own keys", async () => {
    const a = serviceFor("plugin-a").service;
    const b = serviceFor("plugin-b").service;
    await b.set(smtpConfig, smtpValue);
    expect(await a.get(smtpConfig)).toBeUndefined();
    expect(await a.getRedacted(smtpConfig)).toBeUndefined();
    expect(await a.keys()).toEqual([]);
    await a.delete(smtpConfig);
    expect(await b.get(smtpConfig)).toEqual({ ...smtpValue, port: 587 });
  });

  test("a ciphertext copied into another plugin's row does not decrypt there", async () => {
    const victim = serviceFor("victim").service;
    const thief = serviceFor("thief").service;
    await victim.set(smtpConfig, smtpValue);
    await thief.set(smtpConfig, { ...smtpValue, password: "thief-own" });
    await pool.query(
      `UPDATE checkstack.plugin_configs SET value = (SELECT value FROM checkstack.plugin_configs WHERE plugin_id = 'victim' AND key = 'smtp')
       WHERE plugin_id = 'thief' AND key = 'smtp'`,
    );
    await expect(thief.get(smtpConfig)).rejects.toThrow(SecretDecryptionError);
  });

  test("a value encrypted with another secrets key fails to decrypt with a clear error", async () => {
    await serviceFor("wrong-key").service.set(smtpConfig, smtpValue);
    const other = serviceFor("wrong-key", new SecretBox(randomBytes(32))).service;
    const attempt = other.get(smtpConfig);
    await expect(attempt).rejects.toThrow(SecretDecryptionError);
    await expect(attempt).rejects.toThrow(/config "smtp" of plugin "wrong-key", secret (backups\[0\]\.)?password: .*encrypted with a different CHECKSTACK_SECRET_KEY/);
  });
});

describe("versions and migrations", () => {
  const v1 = defineConfig({
    key: "endpoint",
    version: 1,
    schema: z.object({ host: z.string(), token: secret(z.string()) }),
  });
  const migrationRuns: number[] = [];
  const v3 = defineConfig({
    key: "endpoint",
    version: 3,
    schema: z.object({ url: z.url(), auth: z.object({ token: secret(z.string()), scheme: z.string() }) }),
    migrations: [
      {
        from: 1,
        migrate: (value) => {
          migrationRuns.push(1);
          const old = v1.schema.parse(value);
          return { host: old.host, auth: { token: old.token } };
        },
      },
      {
        from: 2,
        migrate: (value) => {
          migrationRuns.push(2);
          const old = z.object({ host: z.string(), auth: z.object({ token: z.string() }) }).parse(value);
          return { url: `https://${old.host}`, auth: { ...old.auth, scheme: "Bearer" } };
        },
      },
    ],
  });

  test("a version-1 value is read through 1→2→3 and persisted at version 3, once", async () => {
    const { service, events } = serviceFor("migrating");
    await service.set(v1, { host: "api.example.com", token: "tok-plaintext" });
    expect((await rawRow("migrating", "endpoint"))?.version).toBe(1);

    const expected = { url: "https://api.example.com", auth: { token: "tok-plaintext", scheme: "Bearer" } };
    expect(await service.get(v3)).toEqual(expected);
    expect(migrationRuns).toEqual([1, 2]);

    const row = await rawRow("migrating", "endpoint");
    expect(row?.version).toBe(3);
    expect(row?.json).toContain("https://api.example.com");
    expect(row?.json).not.toContain("tok-plaintext");

    expect(await service.get(v3)).toEqual(expected);
    expect(await service.getRedacted(v3)).toEqual({ url: "https://api.example.com", auth: { token: REDACTED, scheme: "Bearer" } });
    expect(migrationRuns).toEqual([1, 2]);
    expect(events).toHaveLength(1);
  });

  test("a stored version newer than the definition is a ConfigVersionError, for get and set", async () => {
    const { service } = serviceFor("downgraded");
    await service.set(v3, { url: "https://new.example.com", auth: { token: "t", scheme: "Bearer" } });
    const read = service.get(v1);
    await expect(read).rejects.toThrow(ConfigVersionError);
    await expect(read).rejects.toThrow(/stored at version 3 but this code is at version 1: it was written by a newer version/);
    await expect(service.set(v1, { host: "old.example.com", token: "t" })).rejects.toThrow(ConfigVersionError);
    expect((await rawRow("downgraded", "endpoint"))?.version).toBe(3);
  });

  test("a stored value the current schema rejects is a ConfigValidationError", async () => {
    const { service } = serviceFor("drifted");
    await service.set(v1, { host: "h", token: "t" });
    const stricter = defineConfig({ key: "endpoint", version: 1, schema: z.object({ host: z.string().min(5), token: secret(z.string()) }) });
    await expect(service.get(stricter)).rejects.toThrow(/invalid stored value for config "endpoint" of plugin "drifted": host:/);
  });
});

describe("secrets key fingerprint", () => {
  const clearFingerprint = () => pool.query("DELETE FROM checkstack.settings WHERE key = $1", [FINGERPRINT_SETTING]);

  test("is recorded on first use, without the key, and accepted again", async () => {
    await clearFingerprint();
    await box.assertKeyMatchesCluster(db);
    await box.assertKeyMatchesCluster(db);
    const stored = await pool.query<{ json: string }>("SELECT value::text AS json FROM checkstack.settings WHERE key = $1", [FINGERPRINT_SETTING]);
    expect(stored.rows[0]?.json).toContain(box.fingerprint);
  });

  test("a different key is detected", async () => {
    await clearFingerprint();
    await box.assertKeyMatchesCluster(db);
    const other = new SecretBox(randomBytes(32));
    await expect(other.assertKeyMatchesCluster(db)).rejects.toThrow(SecretKeyMismatchError);
    await expect(other.assertKeyMatchesCluster(db)).rejects.toThrow(/instances are using different CHECKSTACK_SECRET_KEY values/);
  });

  test("instances starting together agree on one fingerprint", async () => {
    await clearFingerprint();
    const boxes = Array.from({ length: 4 }, () => new SecretBox(randomBytes(32)));
    const outcomes = await Promise.allSettled(boxes.map((each) => each.assertKeyMatchesCluster(db)));
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
  });
});
