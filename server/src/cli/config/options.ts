import { z } from "zod";

export const CONFIG_USAGE = `Usage: checkstack apply -f <file> [--dry-run] [--prune [--prune-all]] [options]
       checkstack export [options]

  apply -f <file>      Apply a configuration file (YAML or JSON) as one transaction: creates,
                       changes and (with --prune) deletes resources so the cluster matches it.
                       \${env:NAME} values are taken from this environment.
    --dry-run          Print the plan (create/update/delete per resource) and change nothing
    --prune            Also delete resources the file no longer declares, among those an earlier
                       apply created (only in the sections the file has)
    --prune-all        With --prune: delete every undeclared resource of those sections
  export               Print the cluster's configuration as YAML (secrets as \${env:…} references)

Options:
  --url <url>          A running instance (default http://localhost:3000)
  --api-key <key>      An API key of an application with the admin role (or config.apply/export and
                       the rules of the resources in the file); default: CHECKSTACK_API_KEY
  -h, --help           This text
`;

export class ConfigUsageError extends Error {
  override name = "ConfigUsageError";
}

export type ConfigCommand =
  | { command: "apply"; file: string; dryRun: boolean; prune: boolean; pruneAll: boolean }
  | { command: "export" }
  | { command: "help" };

export interface ConfigCliOptions {
  action: ConfigCommand;
  url: string;
  apiKey: string | undefined;
}

const urlSchema = z.url({ protocol: /^https?$/, error: "--url must be an http:// or https:// URL" });

/** `apply …` or `export …` after "checkstack"; throws ConfigUsageError with what is wrong. */
export function parseConfigArgs(args: ReadonlyArray<string>, env: Record<string, string | undefined>): ConfigCliOptions {
  const [command, ...rest] = args;
  let url = "http://localhost:3000";
  let apiKey = env["CHECKSTACK_API_KEY"] || undefined;
  let file: string | undefined;
  const flags = { dryRun: false, prune: false, pruneAll: false, help: false };
  for (let index = 0; index < rest.length; index++) {
    const arg = rest[index] ?? "";
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const next = rest[++index];
      if (next === undefined || next.startsWith("--")) throw new ConfigUsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case "-f":
      case "--file":
        file = value();
        break;
      case "--url":
        url = value();
        break;
      case "--api-key":
        apiKey = value();
        break;
      case "--dry-run":
        flags.dryRun = true;
        break;
      case "--prune":
        flags.prune = true;
        break;
      case "--prune-all":
        flags.pruneAll = true;
        break;
      case "-h":
      case "--help":
        flags.help = true;
        break;
      default:
        throw new ConfigUsageError(`unknown argument "${arg}"`);
    }
  }
  const parsedUrl = urlSchema.safeParse(url);
  if (!parsedUrl.success) throw new ConfigUsageError(parsedUrl.error.issues[0]?.message ?? "--url is not a URL");
  const base = { url: parsedUrl.data.replace(/\/+$/, ""), apiKey };
  if (flags.help) return { ...base, action: { command: "help" } };
  if (command === "export") {
    if (file !== undefined || flags.dryRun || flags.prune || flags.pruneAll) throw new ConfigUsageError("export takes only --url and --api-key");
    return { ...base, action: { command: "export" } };
  }
  if (command !== "apply") throw new ConfigUsageError(`unknown command "${command ?? ""}"`);
  if (file === undefined) throw new ConfigUsageError("apply needs -f <file>");
  if (flags.pruneAll && !flags.prune) throw new ConfigUsageError("--prune-all goes with --prune");
  return { ...base, action: { command: "apply", file, dryRun: flags.dryRun, prune: flags.prune, pruneAll: flags.pruneAll } };
}
