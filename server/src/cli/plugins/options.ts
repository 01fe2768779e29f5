import { z } from "zod";
import { pluginIdSchema } from "@checkstack/common";

export const USAGE = `Usage: checkstack plugins <command> [options]

Commands:
  list                              Installed plugins, and which instances have them loaded
  install <spec>                    Install on every instance: an npm package (name, name@version),
                                    an absolute path to a .tgz file, or an absolute path to a folder
  remove <pluginId> [--delete-schema]
                                    Unload everywhere and deregister; --delete-schema also drops its data
  disable <pluginId>                Unload everywhere, keep it installed
  enable <pluginId>                 Load it again everywhere

Options:
  --url <url>          A running instance (default http://localhost:$PORT, PORT defaulting to 3000)
  --api-key <key>      An API key of an application with the admin role, or plugins.plugin.read/manage
                       (default: the CHECKSTACK_API_KEY environment variable)
  --json               Print the API's answer as JSON
  -h, --help           This text
`;

export type PluginsCommand =
  | { command: "list" }
  | { command: "install"; spec: string }
  | { command: "remove"; pluginId: string; deleteSchema: boolean }
  | { command: "disable"; pluginId: string }
  | { command: "enable"; pluginId: string };

export interface PluginsCliOptions {
  action: PluginsCommand | { command: "help" };
  url: string;
  apiKey: string | undefined;
  json: boolean;
}

export class UsageError extends Error {
  override name = "UsageError";
}

const urlSchema = z.url({ protocol: /^https?$/, error: "--url must be an http:// or https:// URL" });

function takeValue(args: string[], index: number, flag: string): string {
  const value = args[index + 1];
  if (value === undefined || value.startsWith("--")) throw new UsageError(`${flag} needs a value`);
  return value;
}

function pluginIdArgument(value: string | undefined, command: string): string {
  if (value === undefined) throw new UsageError(`${command} needs a plugin id`);
  const parsed = pluginIdSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`"${value}" is not a plugin id: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}

/** The instance on this machine, on the port the server would listen on (PORT, as the server reads it). */
export function defaultUrl(env: Record<string, string | undefined>): string {
  const port = Number(env["PORT"]);
  return `http://localhost:${Number.isInteger(port) && port > 0 && port < 65536 ? port : 3000}`;
}

/** `plugins <command> …` after "checkstack"; throws UsageError with what is wrong. */
export function parsePluginsArgs(args: ReadonlyArray<string>, env: Record<string, string | undefined>): PluginsCliOptions {
  const rest = [...args];
  let url = defaultUrl(env);
  let apiKey = env["CHECKSTACK_API_KEY"] || undefined;
  let json = false;
  let deleteSchema = false;
  let help = false;
  const positional: string[] = [];
  for (let index = 0; index < rest.length; index++) {
    const arg = rest[index] ?? "";
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    switch (flag) {
      case "--url":
        url = inline ?? takeValue(rest, index++, flag);
        break;
      case "--api-key":
        apiKey = inline ?? takeValue(rest, index++, flag);
        break;
      case "--json":
        json = true;
        break;
      case "--delete-schema":
        deleteSchema = true;
        break;
      case "-h":
      case "--help":
        help = true;
        break;
      default:
        if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
        positional.push(arg);
    }
  }
  const parsedUrl = urlSchema.safeParse(url);
  if (!parsedUrl.success) throw new UsageError(parsedUrl.error.issues[0]?.message ?? "--url is not valid");
  const base = { url: parsedUrl.data.replace(/\/+$/, ""), apiKey, json };
  if (help || positional.length === 0) return { ...base, action: { command: "help" } };
  const [group, command, argument, ...extra] = positional;
  if (group !== "plugins") throw new UsageError(`unknown command "${group}"`);
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(" ")}`);
  if (deleteSchema && command !== "remove") throw new UsageError("--delete-schema only goes with remove");
  switch (command) {
    case "list":
      if (argument !== undefined) throw new UsageError("list takes no arguments");
      return { ...base, action: { command } };
    case "install":
      if (argument === undefined) throw new UsageError("install needs a package: a name, name@version, or an absolute path to a .tgz or folder");
      return { ...base, action: { command, spec: argument } };
    case "remove":
      return { ...base, action: { command, pluginId: pluginIdArgument(argument, command), deleteSchema } };
    case "disable":
    case "enable":
      return { ...base, action: { command, pluginId: pluginIdArgument(argument, command) } };
    case undefined:
      return { ...base, action: { command: "help" } };
    default:
      throw new UsageError(`unknown command "plugins ${command}"`);
  }
}
