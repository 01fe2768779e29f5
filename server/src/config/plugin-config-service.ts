import type { ConfigDefinition, ConfigService } from "@checkstack/backend-api";
import { pluginIdSchema } from "@checkstack/common";
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { PlatformDatabase } from "../database/platform-database";
import { pluginConfigs } from "../database/platform-schema";
import { SecretDecryptionError, type SecretCipher } from "./secret-box";
import { ReservedEnvelopeError, formatPath, openSecrets, redactSecrets, sealSecrets, type FieldPath } from "./secret-fields";

export interface ConfigUpdatedEvent {
  pluginId: string;
  key: string;
  /** Redacted: secret fields read "********". Undefined when the setting was deleted. */
  value: unknown;
}

export interface PluginConfigServiceOptions {
  db: PlatformDatabase;
  pluginId: string;
  secrets: SecretCipher;
  onUpdated: (event: ConfigUpdatedEvent) => Promise<void>;
}

const MAX_LISTED_ISSUES = 3;

function issuePath(issue: z.core.$ZodIssue): FieldPath {
  return issue.path.map((part) => (typeof part === "symbol" ? String(part) : part));
}

/** A value that does not match the definition's schema: given to set, or found in storage after migration. */
export class ConfigValidationError extends Error {
  override readonly name = "ConfigValidationError";
  constructor(
    readonly pluginId: string,
    readonly key: string,
    readonly issues: ReadonlyArray<z.core.$ZodIssue>,
    what: "value" | "stored value" = "value",
  ) {
    const listed = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => `${formatPath(issuePath(issue))}: ${issue.message}`);
    const more = issues.length > MAX_LISTED_ISSUES ? ` (and ${issues.length - MAX_LISTED_ISSUES} more)` : "";
    super(`invalid ${what} for config "${key}" of plugin "${pluginId}": ${listed.join("; ")}${more}`);
  }
}

/** The stored version cannot be brought to the definition's: it is newer, or a migration step is missing. */
export class ConfigVersionError extends Error {
  override readonly name = "ConfigVersionError";
  constructor(
    readonly pluginId: string,
    readonly key: string,
    readonly storedVersion: number,
    readonly definitionVersion: number,
    detail: string,
  ) {
    super(`config "${key}" of plugin "${pluginId}" is stored at version ${storedVersion} but this code is at version ${definitionVersion}: ${detail}`);
  }
}

export class ConfigMigrationError extends Error {
  override readonly name = "ConfigMigrationError";
  constructor(readonly pluginId: string, readonly key: string, readonly from: number, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`migrating config "${key}" of plugin "${pluginId}" from version ${from} to ${from + 1} failed: ${reason}`, { cause });
  }
}

// Guards definitions built by hand rather than through defineConfig.
const definitionSchema = z.object({ key: z.string().min(1), version: z.number().int().positive() });

interface StoredRow {
  version: number;
  value: unknown;
}

export function createPluginConfigService(options: PluginConfigServiceOptions): ConfigService {
  const { db, secrets, onUpdated } = options;
  const pluginId = pluginIdSchema.parse(options.pluginId);

  const rowOf = (key: string) => and(eq(pluginConfigs.pluginId, pluginId), eq(pluginConfigs.key, key));
  // Binding plugin, key and field path into each ciphertext stops a ciphertext copied elsewhere in the table from decrypting.
  const contextOf = (key: string, path: FieldPath) => JSON.stringify(["checkstack.plugin-config", pluginId, key, path]);
  const seal = (definition: ConfigDefinition, value: unknown) =>
    sealSecrets(definition.schema, value, (plain, path) => secrets.encrypt(plain, contextOf(definition.key, path)));

  function validated<S extends z.ZodType>(definition: ConfigDefinition<S>, value: unknown, what: "value" | "stored value"): z.output<S> {
    const parsed = definition.schema.safeParse(value);
    if (!parsed.success) throw new ConfigValidationError(pluginId, definition.key, parsed.error.issues, what);
    return parsed.data;
  }

  function open(key: string, stored: unknown): unknown {
    return openSecrets(stored, (cipher, path) => {
      try {
        return secrets.decrypt(cipher, contextOf(key, path));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new SecretDecryptionError(`config "${key}" of plugin "${pluginId}", secret ${formatPath(path)}: ${reason}`, { cause: error });
      }
    });
  }

  function migrate(definition: ConfigDefinition, stored: StoredRow): unknown {
    const fail = (detail: string) => new ConfigVersionError(pluginId, definition.key, stored.version, definition.version, detail);
    if (stored.version > definition.version) {
      throw fail("it was written by a newer version of the plugin; upgrade this instance or restore an older value");
    }
    let value = stored.value;
    for (let from = stored.version; from < definition.version; from++) {
      const step = definition.migrations.find((migration) => migration.from === from);
      if (!step) throw fail(`there is no migration from version ${from}`);
      try {
        value = step.migrate(value);
      } catch (error) {
        throw new ConfigMigrationError(pluginId, definition.key, from, error);
      }
    }
    return value;
  }

  async function readRow(key: string): Promise<StoredRow | undefined> {
    const rows = await db.select({ version: pluginConfigs.version, value: pluginConfigs.value }).from(pluginConfigs).where(rowOf(key));
    return rows[0];
  }

  async function get<S extends z.ZodType>(definition: ConfigDefinition<S>): Promise<z.output<S> | undefined> {
    definitionSchema.parse(definition);
    const stored = await readRow(definition.key);
    if (!stored) return undefined;
    const opened = open(definition.key, stored.value);
    const value = validated(definition, migrate(definition, { version: stored.version, value: opened }), "stored value");
    if (stored.version < definition.version) await persistMigrated(definition, stored, value);
    return value;
  }

  /** Stores the upgraded value so the migration runs once; skipped if someone wrote the row meanwhile. */
  async function persistMigrated(definition: ConfigDefinition, stored: StoredRow, value: unknown): Promise<void> {
    await db
      .update(pluginConfigs)
      .set({ version: definition.version, value: seal(definition, value), updatedAt: sql`now()` })
      .where(and(rowOf(definition.key), eq(pluginConfigs.version, stored.version), eq(pluginConfigs.value, stored.value)));
  }

  async function set<S extends z.ZodType>(definition: ConfigDefinition<S>, input: z.input<S>): Promise<void> {
    definitionSchema.parse(definition);
    const value: unknown = validated(definition, input, "value");
    if (value === undefined) throw new TypeError(`config "${definition.key}" of plugin "${pluginId}": cannot store undefined; use delete()`);
    // What set stores, get parses again: a schema that cannot re-read its own JSON output would fail only later, on read.
    if (!definition.schema.safeParse(JSON.parse(JSON.stringify(value))).success) {
      throw new TypeError(`config "${definition.key}" of plugin "${pluginId}": its schema rejects its own output once stored as JSON; avoid type-changing transforms`);
    }
    let sealed: unknown;
    try {
      sealed = seal(definition, value);
    } catch (error) {
      if (!(error instanceof ReservedEnvelopeError)) throw error;
      throw new ConfigValidationError(pluginId, definition.key, [{ code: "custom", path: [...error.path], message: error.message }]);
    }
    const written = await db
      .insert(pluginConfigs)
      .values({ pluginId, key: definition.key, version: definition.version, value: sealed })
      .onConflictDoUpdate({
        target: [pluginConfigs.pluginId, pluginConfigs.key],
        set: { version: definition.version, value: sealed, updatedAt: sql`now()` },
        // An older instance during a rolling upgrade must not overwrite a value written by a newer one.
        setWhere: sql`${pluginConfigs.version} <= excluded.version`,
      })
      .returning({ version: pluginConfigs.version });
    if (written.length === 0) {
      const newer = await readRow(definition.key);
      const detail = "refusing to overwrite a value written by a newer version of the plugin";
      throw new ConfigVersionError(pluginId, definition.key, newer?.version ?? definition.version + 1, definition.version, detail);
    }
    await onUpdated({ pluginId, key: definition.key, value: redactSecrets(definition.schema, value) });
  }

  async function getRedacted(definition: ConfigDefinition): Promise<unknown> {
    const value = await get(definition);
    return value === undefined ? undefined : redactSecrets(definition.schema, value);
  }

  async function remove(definition: ConfigDefinition): Promise<void> {
    const deleted = await db.delete(pluginConfigs).where(rowOf(definition.key)).returning({ key: pluginConfigs.key });
    // Listeners cache settings too; a deletion is an update to "never set".
    if (deleted.length > 0) await onUpdated({ pluginId, key: definition.key, value: undefined });
  }

  async function keys(): Promise<string[]> {
    const rows = await db.select({ key: pluginConfigs.key }).from(pluginConfigs).where(eq(pluginConfigs.pluginId, pluginId)).orderBy(asc(pluginConfigs.key));
    return rows.map((row) => row.key);
  }

  return {
    get,
    getRedacted,
    set,
    delete: remove,
    keys,
  };
}
