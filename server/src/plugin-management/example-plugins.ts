import type { Pool } from "pg";
import { isBackendPlugin, type Logger } from "@checkstack/backend-api";
import type { DiscoveredPlugin } from "../plugin-runtime/plugin-discovery";
import { ENABLE_PLUGINS, RECORDED_PLUGIN_IDS } from "../plugin-runtime/plugin-records";
import { purgePlugin } from "./plugin-cleanup";

/**
 * The plugin guide's worked example (myfeature) ships in plugins/ so the guide,
 * the scaffold and the tests have a real plugin to point at, but a production
 * instance must not serve it or grant its rules. Bundled packages marked
 * `"checkstack": { "example": true }` are therefore loaded only when
 * CHECKSTACK_EXAMPLE_PLUGINS=1. Without it, an installation that loaded one
 * before is retired at boot: its row disabled, its access rules (and with them
 * their grants to the users role; admins hold every registered rule) removed,
 * its hook subscriptions and recurring jobs dropped. Its data stays.
 * With it, a retired example is enabled again: the variable is the switch.
 */
export async function applyExampleSwitch(
  pool: Pool,
  discovered: ReadonlyArray<DiscoveredPlugin>,
  options: { enabled: boolean; logger: Logger },
): Promise<DiscoveredPlugin[]> {
  const examples = discovered.filter((candidate) => candidate.example && candidate.source === "bundled");
  if (examples.length === 0) return [...discovered];
  const ids = await exampleIds(examples, options.logger);
  if (options.enabled) {
    await pool.query(ENABLE_PLUGINS, [ids]);
    return [...discovered];
  }
  const recorded = await pool.query<{ id: string }>(RECORDED_PLUGIN_IDS, [ids]);
  for (const { id } of recorded.rows) {
    await purgePlugin(pool, id, { deleteSchema: false, dropRecord: false, disableRecord: true });
    options.logger.info("example plugin retired: set CHECKSTACK_EXAMPLE_PLUGINS=1 to load it", { pluginId: id });
  }
  return discovered.filter((candidate) => !examples.includes(candidate));
}

/** The plugin ids of the example packages (their entries are imported, as the boot would). */
async function exampleIds(examples: ReadonlyArray<DiscoveredPlugin>, logger: Logger): Promise<string[]> {
  const ids: string[] = [];
  for (const candidate of examples) {
    const plugin = candidate.plugin ?? ((await import(candidate.entry)) as { default?: unknown }).default;
    if (isBackendPlugin(plugin)) ids.push(plugin.pluginId);
    else logger.warn("an example plugin package has no plugin as its default export", { entry: candidate.entry });
  }
  return ids;
}
