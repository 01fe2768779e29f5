import type { AccessRule } from "./access-rules";
import { pluginIdSchema } from "./plugin-api";
import { proc } from "./procedure-metadata";
import { z } from "zod";

/**
 * The admin API of the platform's built-in "plugins" plugin, at
 * /api/plugins/<procedure> (REST: /api/v1/plugins). Procedures admit users
 * and applications (API keys), so operators can script them; admins hold
 * both rules (stored as plugins.plugin.read and plugins.plugin.manage).
 */
export const pluginAdminAccess = {
  read: { id: "plugin.read", description: "See installed plugins and which instances have them loaded" },
  manage: { id: "plugin.manage", description: "Install, remove, disable and enable plugins at runtime, on every instance" },
} as const satisfies Record<string, AccessRule>;

/** The plugin admin rules, as the platform registers them. */
export const pluginAdminAccessRules: AccessRule[] = Object.values(pluginAdminAccess);

const InstancePluginSchema = z.object({
  instanceId: z.string(),
  /** "ready" (loaded), "loading" or "failed" (with the error). */
  state: z.enum(["ready", "loading", "failed"]),
  version: z.string().nullable(),
  loadedAt: z.date().nullable(),
  error: z.string().nullable(),
  /** Whether that instance's heartbeat is recent. */
  live: z.boolean(),
});

/** One installed plugin, cluster-wide, with its state on each instance. */
export const PluginInfoSchema = z.object({
  id: z.string(),
  version: z.string(),
  /** "bundled", or what it was installed from: name@version, a .tgz path or a folder path. */
  source: z.string(),
  enabled: z.boolean(),
  bundled: z.boolean(),
  /** An install, removal, disable or enable the cluster has not finished. */
  pendingOperation: z.object({ action: z.string(), requestedBy: z.string(), requestedAt: z.date() }).nullable(),
  instances: z.array(InstancePluginSchema),
});
/** One installed plugin (see PluginInfoSchema). */
export type PluginInfo = z.infer<typeof PluginInfoSchema>;

/** One instance of the cluster, as its heartbeat shows it. */
export const InstanceInfoSchema = z.object({
  id: z.string(),
  hostname: z.string(),
  pid: z.number().int(),
  startedAt: z.date(),
  heartbeatAt: z.date(),
  live: z.boolean(),
});

/** The answer of plugins/list: every plugin and every instance. */
export const PluginListSchema = z.object({ plugins: z.array(PluginInfoSchema), instances: z.array(InstanceInfoSchema) });
/** The answer of plugins/list (see PluginListSchema). */
export type PluginList = z.infer<typeof PluginListSchema>;

/** The input of plugins/install. */
export const InstallInputSchema = z.object({
  /** An npm package ("name", "name@1.2.3", "@scope/name@^1"), an absolute path to a .tgz, or an absolute path to a folder. */
  spec: z.string().trim().min(1).max(1000),
});

/** The input naming one plugin (disable, enable). */
export const PluginIdInputSchema = z.object({ pluginId: pluginIdSchema });
/** The input of plugins/deregister. */
export const DeregisterInputSchema = PluginIdInputSchema.extend({
  /** Also drop the plugin's schema (its data), migration bookkeeping, settings and team grants. */
  deleteSchema: z.boolean().default(false),
});

const query = "query" as const;
const mutation = "mutation" as const;

/** The contract of the platform's built-in "plugins" plugin; @checkstack/client and the CLI call it. */
export const pluginAdminContract = {
  list: proc({ operationType: query, access: [pluginAdminAccess.read] })
    .route({ method: "GET", path: "/", summary: "List installed plugins and where they are loaded" }).output(PluginListSchema),
  /** Answers once this instance has loaded it; the others follow within seconds (see list). */
  install: proc({ operationType: mutation, access: [pluginAdminAccess.manage] })
    .route({ method: "POST", path: "/", summary: "Install a plugin on every instance" })
    .input(InstallInputSchema)
    .output(z.object({ pluginId: z.string(), version: z.string(), source: z.string() })),
  /** Answers once every live instance has unloaded it and the cluster-wide cleanup ran (or the wait ended). */
  deregister: proc({ operationType: mutation, access: [pluginAdminAccess.manage] })
    .route({ method: "DELETE", path: "/{pluginId}", summary: "Remove a plugin from every instance" })
    .input(DeregisterInputSchema)
    .output(z.object({ pluginId: z.string(), stillLoadedOn: z.array(z.string()), cleanedUp: z.boolean() })),
  disable: proc({ operationType: mutation, access: [pluginAdminAccess.manage] })
    .route({ method: "POST", path: "/{pluginId}/disable", summary: "Disable a plugin (unload it everywhere, keep it installed)" })
    .input(PluginIdInputSchema)
    .output(z.object({ pluginId: z.string(), stillLoadedOn: z.array(z.string()) })),
  enable: proc({ operationType: mutation, access: [pluginAdminAccess.manage] })
    .route({ method: "POST", path: "/{pluginId}/enable", summary: "Enable a disabled plugin" }).input(PluginIdInputSchema).output(z.object({ pluginId: z.string() })),
};

/** The type of pluginAdminContract. */
export type PluginAdminContract = typeof pluginAdminContract;
