import { pluginIdSchema, proc, type AccessRule } from "@checkstack/common";
import { z } from "zod";

/**
 * The admin API of the platform's built-in "plugins" plugin, at
 * /api/plugins/<procedure>. Procedures admit users and applications (API
 * keys), so operators can script them; admins hold both rules.
 */
export const pluginAdminAccess = {
  read: { id: "plugin.read", description: "See installed plugins and which instances have them loaded" },
  manage: { id: "plugin.manage", description: "Install, remove, disable and enable plugins at runtime, on every instance" },
} as const satisfies Record<string, AccessRule>;

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
export type PluginInfo = z.infer<typeof PluginInfoSchema>;

export const InstanceInfoSchema = z.object({
  id: z.string(),
  hostname: z.string(),
  pid: z.number().int(),
  startedAt: z.date(),
  heartbeatAt: z.date(),
  live: z.boolean(),
});

export const PluginListSchema = z.object({ plugins: z.array(PluginInfoSchema), instances: z.array(InstanceInfoSchema) });
export type PluginList = z.infer<typeof PluginListSchema>;

export const InstallInputSchema = z.object({
  /** An npm package ("name", "name@1.2.3", "@scope/name@^1"), an absolute path to a .tgz, or an absolute path to a folder. */
  spec: z.string().trim().min(1).max(1000),
});

export const PluginIdInputSchema = z.object({ pluginId: pluginIdSchema });
export const DeregisterInputSchema = PluginIdInputSchema.extend({
  /** Also drop the plugin's schema (its data), migration bookkeeping, settings and team grants. */
  deleteSchema: z.boolean().default(false),
});

const query = "query" as const;
const mutation = "mutation" as const;

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

export type PluginAdminContract = typeof pluginAdminContract;
