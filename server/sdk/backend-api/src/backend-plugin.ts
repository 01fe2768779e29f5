import type { Table } from "drizzle-orm";
import type { AccessPair, AccessRule, PluginMetadata } from "@checkstack/common";
import type { SafeDatabase } from "./database";
import type { ExtensionPoint, ExtensionPointCollection } from "./extension-point";
import type { EmitHook, OnHook } from "./hooks";
import type { AnyServiceRef, ServiceOf, ServiceRef } from "./service-ref";

/** registerInit's `deps`: names of your choosing mapped to service refs (coreServices.* or other plugins' refs). */
export type DependencyMap = Record<string, AnyServiceRef>;

/** The services a DependencyMap resolves to, by the same names, each typed by its ref. */
export type ResolvedDependencies<D extends DependencyMap> = { [K in keyof D]: ServiceOf<D[K]> };

/** A plugin's drizzle schema module (`import * as schema from "./schema"`); its tables live in plugin_<id>. */
export type PluginSchema = Record<string, unknown>;

/** What init receives besides its dependencies: the plugin's own database (a SafeDatabase). */
export interface InitContext<TSchema extends PluginSchema> {
  database: SafeDatabase<TSchema>;
}

/** What afterPluginsReady receives: the database and the hook functions. Hook semantics: README.md, "Hook semantics" (explained once there). */
export interface ReadyContext<TSchema extends PluginSchema> extends InitContext<TSchema> {
  onHook: OnHook;
  emitHook: EmitHook;
  /** Delivers to this instance's subscribers only. */
  emitLocal: EmitHook;
}

/** registerInit's argument: schema, dependencies and the two startup phases (init, afterPluginsReady). */
export interface InitConfig<TDeps extends DependencyMap, TSchema extends PluginSchema> {
  /** The plugin's drizzle tables; they live in the schema plugin_<id>. */
  schema?: TSchema;
  deps: TDeps;
  /** Phase 2: register routers and services. Other plugins may not be ready: make no calls to them. */
  init: (context: ResolvedDependencies<TDeps> & InitContext<TSchema>) => Promise<void>;
  /** Phase 3: every plugin is initialised; call others and subscribe to hooks here. */
  afterPluginsReady?: (context: ResolvedDependencies<TDeps> & ReadyContext<TSchema>) => Promise<void>;
}

/**
 * A table whose rows are team-scoped resources: each row is one resource of
 * the pair's type, identified by idColumn (default "id"). The platform puts
 * row-level-security policies on it (read rows with access.read, write with
 * access.manage, honouring team grants and team-only resources), so no
 * handler can forget the check.
 */
export interface ResourceTableDeclaration {
  table: Table;
  access: AccessPair<string>;
  idColumn?: string;
  /**
   * The plugin whose resource the rows belong to, when it is not the declaring
   * plugin: health data keyed by a catalog system is as visible as the system
   * (access: catalogAccess.system, resourcePluginId: "catalog",
   * idColumn: "system_id"). Default: the declaring plugin.
   */
  resourcePluginId?: string;
}

/** The writes to a table that can take access away from a principal. */
export type AccessChangeEvent = "INSERT" | "UPDATE" | "DELETE";

/** What a plugin's register() is given (phase 1): declare access rules, tables, services, extension points and the init. Nothing runs yet; no database, no calls. */
export interface RegistrationEnv {
  readonly pluginId: string;
  registerAccessRules(accessRules: ReadonlyArray<AccessRule>): void;
  registerResourceTable(declaration: ResourceTableDeclaration): void;
  /**
   * Declares a table that decides who a principal is (sessions, accounts, API
   * keys): once a write of one of `events` (default: all) commits, no
   * instance reuses an access decision it remembered from before it.
   */
  registerAccessChangeTable(table: Table, events?: ReadonlyArray<AccessChangeEvent>): void;
  /**
   * Leaves a high-volume telemetry table (check runs, leases, rollups) out of
   * the audit trail; its rows record what was measured, not what anyone did.
   * Every other plugin table is audited.
   */
  excludeFromAudit(table: Table, reason: string): void;
  registerInit<TDeps extends DependencyMap, TSchema extends PluginSchema = Record<string, never>>(
    config: InitConfig<TDeps, TSchema>,
  ): void;
  /** Runs when the plugin is deregistered or the platform stops; last registered runs first. */
  registerCleanup(cleanup: () => Promise<void> | void): void;
  registerService<S>(ref: ServiceRef<S>, impl: S): void;
  registerExtensionPoint<T>(ref: ExtensionPoint<T>, impl: T): void;
  /** For the plugin that owns the extension point: everything registered for it, live. */
  getExtensionPoint<T>(ref: ExtensionPoint<T>): ExtensionPointCollection<T>;
}

/** A backend plugin as the platform loads it: the default export of a plugin package, made with createBackendPlugin. */
export interface BackendPlugin {
  readonly pluginId: string;
  readonly metadata: PluginMetadata;
  register(env: RegistrationEnv): void;
}

/**
 * Defines a backend plugin. `register` runs once at load (phase 1) and only declares: access rules
 * (ids are prefixed with the plugin id), services, extension points, and one registerInit whose
 * init (phase 2) and afterPluginsReady (phase 3) run later. Export the result as the package's default.
 */
export function createBackendPlugin(config: {
  metadata: PluginMetadata;
  register: (env: RegistrationEnv) => void;
}): BackendPlugin {
  return { pluginId: config.metadata.pluginId, metadata: config.metadata, register: config.register };
}

/** Whether a module's default export looks like a BackendPlugin (checked before loading it). */
export function isBackendPlugin(value: unknown): value is BackendPlugin {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<BackendPlugin>;
  return typeof candidate.pluginId === "string" && typeof candidate.register === "function";
}
