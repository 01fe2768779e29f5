import type { Table } from "drizzle-orm";
import { qualifyAccessRuleId, type AccessRule } from "@checkstack/common";
import type {
  AccessChangeEvent,
  BackendPlugin,
  ExtensionPoint,
  ExtensionPointCollection,
  PluginSchema,
  RegistrationEnv,
  ResourceTableDeclaration,
  ServiceRef,
} from "@checkstack/backend-api";

/**
 * registerInit's config with its typing erased: the runtime resolves the
 * dependencies by id, so it only needs the shape.
 */
export interface ErasedInitConfig {
  schema?: PluginSchema;
  deps: Record<string, ServiceRef<unknown>>;
  init: (context: Record<string, unknown>) => Promise<void>;
  afterPluginsReady?: (context: Record<string, unknown>) => Promise<void>;
}

/** What a plugin's register() declared. Nothing has run yet. */
export interface PluginRegistration {
  plugin: BackendPlugin;
  accessRules: AccessRule[];
  resourceTables: ResourceTableDeclaration[];
  accessChangeTables: Array<{ table: Table; events: ReadonlyArray<AccessChangeEvent> }>;
  unauditedTables: Array<{ table: Table; reason: string }>;
  init: ErasedInitConfig | undefined;
  cleanups: Array<() => Promise<void> | void>;
  services: Array<{ ref: ServiceRef<unknown>; impl: unknown }>;
  extensions: Array<{ ref: ExtensionPoint<unknown>; impl: unknown }>;
}

export interface ExtensionReader {
  collection<T>(ref: ExtensionPoint<T>): ExtensionPointCollection<T>;
}

export class PluginRegistrationError extends Error {
  constructor(
    readonly pluginId: string,
    message: string,
  ) {
    super(`plugin "${pluginId}": ${message}`);
    this.name = "PluginRegistrationError";
  }
}

/** Calls the plugin's register() and records what it declared. */
export function collectRegistration(plugin: BackendPlugin, extensions: ExtensionReader): PluginRegistration {
  const pluginId = plugin.pluginId;
  const registration: PluginRegistration = {
    plugin,
    accessRules: [],
    resourceTables: [],
    accessChangeTables: [],
    unauditedTables: [],
    init: undefined,
    cleanups: [],
    services: [],
    extensions: [],
  };
  const env: RegistrationEnv = {
    pluginId,
    registerAccessRules(rules) {
      for (const rule of rules) {
        registration.accessRules.push({ ...rule, id: qualifyAccessRuleId(pluginId, rule.id) });
      }
    },
    registerResourceTable(declaration) {
      registration.resourceTables.push(declaration);
    },
    registerAccessChangeTable(table, events = ["INSERT", "UPDATE", "DELETE"]) {
      if (events.length === 0) throw new PluginRegistrationError(pluginId, "registerAccessChangeTable needs at least one event");
      registration.accessChangeTables.push({ table, events });
    },
    excludeFromAudit(table, reason) {
      registration.unauditedTables.push({ table, reason });
    },
    registerInit(config) {
      if (registration.init) throw new PluginRegistrationError(pluginId, "registerInit may be called once");
      registration.init = config as unknown as ErasedInitConfig;
    },
    registerCleanup(cleanup) {
      registration.cleanups.push(cleanup);
    },
    registerService(ref, impl) {
      registration.services.push({ ref: ref as ServiceRef<unknown>, impl });
    },
    registerExtensionPoint(ref, impl) {
      registration.extensions.push({ ref: ref as ExtensionPoint<unknown>, impl });
    },
    getExtensionPoint(ref) {
      if (ref.ownerPluginId !== pluginId) {
        throw new PluginRegistrationError(pluginId, `extension point "${ref.id}" belongs to "${ref.ownerPluginId}"`);
      }
      return extensions.collection(ref);
    },
  };
  plugin.register(env);
  const duplicate = findDuplicate(registration.accessRules.map((rule) => rule.id));
  if (duplicate) throw new PluginRegistrationError(pluginId, `access rule "${duplicate}" is registered twice`);
  return registration;
}

function findDuplicate(values: string[]): string | undefined {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return undefined;
}

/** Service ids a registration needs from other plugins (core services excluded). */
export function requiredServiceIds(registration: PluginRegistration, coreServiceIds: ReadonlySet<string>): string[] {
  const deps = registration.init?.deps ?? {};
  return Object.values(deps)
    .map((ref) => ref.id)
    .filter((id) => !coreServiceIds.has(id));
}
