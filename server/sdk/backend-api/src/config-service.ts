import { z } from "zod";

/** Marks a config field as secret: encrypted at rest and redacted when read back. */
export function secret<S extends z.ZodType>(schema: S): S {
  return schema.meta({ checkstackSecret: true }) as S;
}

/** Accepts any zod schema node (classic or core), as met when walking a schema's structure. */
export function isSecretSchema(schema: z.core.$ZodType): boolean {
  return z.globalRegistry.get(schema)?.["checkstackSecret"] === true;
}

/** Turns a stored value of version `from` into one of version `from + 1`. */
export interface ConfigMigration {
  from: number;
  migrate: (value: unknown) => unknown;
}

/**
 * A plugin setting: its key, its current version and schema, and the steps that
 * bring values stored by older versions up to date.
 */
export interface ConfigDefinition<S extends z.ZodType = z.ZodType> {
  key: string;
  version: number;
  schema: S;
  migrations: ReadonlyArray<ConfigMigration>;
}

/**
 * Declares one setting: its key, its zod schema and version, and a migration from every earlier version
 * (checked here, at definition). Fields marked secret() are encrypted at rest.
 */
export function defineConfig<S extends z.ZodType>(definition: {
  key: string;
  version: number;
  schema: S;
  migrations?: ReadonlyArray<ConfigMigration>;
}): ConfigDefinition<S> {
  const migrations = definition.migrations ?? [];
  for (let from = 1; from < definition.version; from++) {
    if (!migrations.some((step) => step.from === from)) {
      throw new Error(`config "${definition.key}" is at version ${definition.version} but has no migration from ${from}`);
    }
  }
  return { key: definition.key, version: definition.version, schema: definition.schema, migrations };
}

/** What getRedacted shows in place of a secret field. */
export const REDACTED = "********";

/** A plugin's versioned, validated settings, stored per plugin with secret fields encrypted (coreServices.config). */
export interface ConfigService {
  /** The stored value, decrypted and migrated to the definition's version; undefined when never set. */
  get<S extends z.ZodType>(definition: ConfigDefinition<S>): Promise<z.output<S> | undefined>;
  /** As get, with every secret field replaced by "********": safe to return to clients and logs. */
  getRedacted<S extends z.ZodType>(definition: ConfigDefinition<S>): Promise<unknown>;
  /** Validates, encrypts the secret fields and stores the value at the definition's version. */
  set<S extends z.ZodType>(definition: ConfigDefinition<S>, value: z.input<S>): Promise<void>;
  delete(definition: ConfigDefinition): Promise<void>;
  /** Keys this plugin has stored. */
  keys(): Promise<string[]>;
}
