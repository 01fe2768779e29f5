import { ORPCError } from "@orpc/client";
import type { ApplyResult, ConfigChangeSummary } from "../../config-as-code/contract";
import { createConfigClient } from "./api-client";
import { ConfigFileError, readConfigFile, toYaml } from "./config-file";
import { CONFIG_USAGE, ConfigUsageError, parseConfigArgs, type ConfigCliOptions } from "./options";

export interface ConfigCliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const SIGNS = { create: "+", update: "~", delete: "-" } as const;

function describeChange(change: ConfigChangeSummary): string {
  const fields = change.fields.length > 0 ? ` (${change.fields.join(", ")})` : "";
  return `  ${SIGNS[change.action]} ${change.action} ${change.section} "${change.name}"${fields}\n`;
}

function printResult(result: ApplyResult, io: ConfigCliIo): void {
  if (!result.applied) io.stdout("Plan (dry run; nothing was changed):\n");
  for (const change of result.changes) io.stdout(describeChange(change));
  const count = result.changes.length;
  io.stdout(`${count} change${count === 1 ? "" : "s"}${result.applied ? "" : " planned"}\n`);
}

function describeError(error: unknown, options: ConfigCliOptions): string {
  const file = options.action.command === "apply" ? `${options.action.file}: ` : "";
  if (error instanceof ORPCError) {
    if (error.status === 401) return `${error.message} (set CHECKSTACK_API_KEY or pass --api-key)`;
    return `${error.status === 400 ? file : ""}${error.message}`;
  }
  if (error instanceof TypeError) return `cannot reach ${options.url}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

async function execute(options: ConfigCliOptions, env: Record<string, string | undefined>, io: ConfigCliIo): Promise<number> {
  const action = options.action;
  if (action.command === "help") {
    io.stdout(CONFIG_USAGE);
    return 0;
  }
  const client = createConfigClient({ url: options.url, apiKey: options.apiKey });
  if (action.command === "export") {
    io.stdout(toYaml((await client.export()).file));
    return 0;
  }
  const file = await readConfigFile(action.file, env);
  printResult(await client.apply({ file, dryRun: action.dryRun, prune: action.prune, pruneAll: action.pruneAll }), io);
  return 0;
}

/** `checkstack apply …` and `checkstack export …`: 0 on success, 1 when it failed, 2 for a usage error. */
export async function runConfigCli(args: ReadonlyArray<string>, env: Record<string, string | undefined>, io: ConfigCliIo): Promise<number> {
  let options: ConfigCliOptions;
  try {
    options = parseConfigArgs(args, env);
  } catch (error) {
    if (!(error instanceof ConfigUsageError)) throw error;
    io.stderr(`${error.message}\n\n${CONFIG_USAGE}`);
    return 2;
  }
  try {
    return await execute(options, env, io);
  } catch (error) {
    io.stderr(`${error instanceof ConfigFileError ? error.message : describeError(error, options)}\n`);
    return 1;
  }
}
