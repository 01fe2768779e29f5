import { createCheckstackClient, ORPCError, type CheckstackClient } from "@checkstack/client";
import type { PluginInfo, PluginList } from "@checkstack/common/plugin-admin-contract";
import { parsePluginsArgs, USAGE, UsageError, type PluginsCliOptions } from "./options";

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** For tests: how long to follow the other instances after an install or removal. */
  followMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const FOLLOW_MS = 60_000;

function describeError(error: unknown, url: string): string {
  if (error instanceof ORPCError) {
    if (error.status === 401) return `${error.message} (set CHECKSTACK_API_KEY or pass --api-key)`;
    return error.message;
  }
  if (error instanceof TypeError) return `cannot reach ${url}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

function formatDate(date: Date | null): string {
  return date ? date.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z") : "-";
}

function printList(list: PluginList, io: CliIo): void {
  const live = list.instances.filter((instance) => instance.live);
  io.stdout(`${list.plugins.length} plugins; ${live.length} live instance${live.length === 1 ? "" : "s"}: ${live.map((instance) => instance.id).join(", ") || "none"}\n\n`);
  for (const plugin of list.plugins) {
    const flags = [plugin.enabled ? "enabled" : "disabled", plugin.bundled ? "bundled" : `from ${plugin.source}`];
    if (plugin.pendingOperation) flags.push(`${plugin.pendingOperation.action} in progress (by ${plugin.pendingOperation.requestedBy})`);
    io.stdout(`${plugin.id} ${plugin.version}  [${flags.join(", ")}]\n`);
    for (const instance of plugin.instances.filter((entry) => entry.live)) {
      const detail = instance.state === "ready" ? `loaded since ${formatDate(instance.loadedAt)}` : instance.state === "failed" ? `FAILED: ${instance.error ?? "unknown error"}` : "loading";
      io.stdout(`    ${instance.instanceId}: ${detail}\n`);
    }
  }
}

/** Follows list until every live instance has the plugin loaded (or none has it), printing each change. */
async function follow(client: CheckstackClient["plugins"], pluginId: string, want: "loaded" | "gone", io: CliIo): Promise<boolean> {
  const sleep = io.sleep ?? ((ms: number) => Bun.sleep(ms));
  const deadline = Date.now() + (io.followMs ?? FOLLOW_MS);
  const reported = new Map<string, string>();
  for (;;) {
    const list = await client.list();
    const live = list.instances.filter((instance) => instance.live).map((instance) => instance.id);
    const plugin: PluginInfo | undefined = list.plugins.find((entry) => entry.id === pluginId);
    const states = new Map((plugin?.instances ?? []).map((instance) => [instance.instanceId, instance]));
    for (const id of live) {
      const state = states.get(id);
      const text = !state ? "not loaded" : state.state === "failed" ? `failed: ${state.error ?? "unknown error"}` : state.state;
      if (reported.get(id) !== text) {
        reported.set(id, text);
        io.stdout(`  ${id}: ${text}\n`);
      }
    }
    const failed = live.filter((id) => states.get(id)?.state === "failed");
    if (want === "loaded" && failed.length > 0 && live.every((id) => states.get(id)?.state === "ready" || states.get(id)?.state === "failed")) {
      io.stderr(`Plugin "${pluginId}" failed on ${failed.join(", ")}; see the errors above and those instances' logs.\n`);
      return false;
    }
    const done = want === "loaded" ? live.every((id) => states.get(id)?.state === "ready") : live.every((id) => !states.has(id));
    if (done) return true;
    if (Date.now() > deadline) {
      io.stderr(`Gave up waiting after ${Math.round((io.followMs ?? FOLLOW_MS) / 1000)} s; "checkstack plugins list" shows how it went on.\n`);
      return false;
    }
    await sleep(500);
  }
}

async function execute(options: PluginsCliOptions, io: CliIo): Promise<number> {
  const client = createCheckstackClient({ url: options.url, apiKey: options.apiKey }).plugins;
  const action = options.action;
  const print = (value: unknown) => io.stdout(`${JSON.stringify(value, null, 2)}\n`);
  switch (action.command) {
    case "help":
      io.stdout(USAGE);
      return 0;
    case "list": {
      const list = await client.list();
      if (options.json) print(list);
      else printList(list, io);
      return 0;
    }
    case "install": {
      io.stdout(`Installing ${action.spec} through ${options.url} (npm install, migrations, load) ...\n`);
      const result = await client.install({ spec: action.spec });
      if (options.json) print(result);
      io.stdout(`Installed ${result.pluginId} ${result.version} from ${result.source}; waiting for every instance to load it:\n`);
      const loaded = await follow(client, result.pluginId, "loaded", io);
      if (loaded) io.stdout(`Done: ${result.pluginId} is loaded on every live instance.\n`);
      return loaded ? 0 : 1;
    }
    case "remove": {
      io.stdout(`Removing ${action.pluginId}${action.deleteSchema ? " and its data" : " (its data is kept; --delete-schema drops it)"} ...\n`);
      const result = await client.deregister({ pluginId: action.pluginId, deleteSchema: action.deleteSchema });
      if (options.json) print(result);
      if (result.stillLoadedOn.length > 0) io.stderr(`Still loaded on ${result.stillLoadedOn.join(", ")} when the wait ended.\n`);
      io.stdout(result.cleanedUp ? `Done: ${action.pluginId} is unloaded everywhere and deregistered.\n` : `Unloaded; the cluster-wide cleanup has not finished yet ("checkstack plugins list" shows it).\n`);
      return result.cleanedUp && result.stillLoadedOn.length === 0 ? 0 : 1;
    }
    case "disable": {
      const result = await client.disable({ pluginId: action.pluginId });
      if (options.json) print(result);
      io.stdout(result.stillLoadedOn.length === 0 ? `Disabled ${action.pluginId}: unloaded on every live instance.\n` : `Disabled ${action.pluginId}; still loaded on ${result.stillLoadedOn.join(", ")}.\n`);
      return result.stillLoadedOn.length === 0 ? 0 : 1;
    }
    case "enable": {
      const result = await client.enable({ pluginId: action.pluginId });
      if (options.json) print(result);
      io.stdout(`Enabled ${result.pluginId}; waiting for every instance to load it:\n`);
      return (await follow(client, result.pluginId, "loaded", io)) ? 0 : 1;
    }
  }
}

/** `checkstack plugins …`: 0 on success, 1 when the operation failed, 2 for a usage error. */
export async function runCli(args: ReadonlyArray<string>, env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  let options: PluginsCliOptions;
  // Nothing asked for: the usage, as for any other usage error (exit 2).
  if (args.length === 0) {
    io.stderr(USAGE);
    return 2;
  }
  try {
    options = parsePluginsArgs(args, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  try {
    return await execute(options, io);
  } catch (error) {
    io.stderr(`Error: ${describeError(error, options.url)}\n`);
    return 1;
  }
}
