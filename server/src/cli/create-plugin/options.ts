import { parseArgs } from "node:util";
import { z } from "zod";

export const PLUGIN_TYPES = ["backend", "common", "frontend", "both"] as const;
export type PluginType = (typeof PLUGIN_TYPES)[number];

export const pluginTypeSchema = z.enum(PLUGIN_TYPES, { error: () => `--type must be one of: ${PLUGIN_TYPES.join(", ")}` });

/** One line, no control characters: it lands in package.json, a TS string literal and markdown. */
export const descriptionSchema = z
  .string()
  .trim()
  .max(200, "the description may be at most 200 characters")
  .refine((text) => !/\p{Cc}/u.test(text), "the description must be a single line of text");

/** What the command line said; anything missing is asked for when stdin is a terminal. */
export interface CliOptions {
  type: PluginType | undefined;
  name: string | undefined;
  description: string | undefined;
  dir: string | undefined;
  yes: boolean;
  help: boolean;
}

export class UsageError extends Error {
  override name = "UsageError";
}

export const USAGE = `Usage: npm run create [-- options]

Creates a plugin under plugins/: <name>-common (contract, access rules, schemas),
<name>-backend (router, service, drizzle schema and migration, tests) and/or
<name>-frontend (pages in the web application, calling the contract).
Without options it asks; with stdin not a terminal, give --name and --yes.

Options:
  --type <backend|common|frontend|both>
                                what to create (default: backend). backend and
                                frontend also create <name>-common when it does
                                not exist; both creates all three packages
  --name <name>                 kebab-case plugin name, e.g. status-notes
  --description <text>          one line for package.json and the README
  --dir <path>                  where plugin folders live (default: plugins/)
  -y, --yes                     do not ask for confirmation
  -h, --help                    show this help
`;

/** Parses argv (without the node/bun and script entries); refuses unknown or malformed flags. */
export function parseCliOptions(argv: ReadonlyArray<string>): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        type: { type: "string" },
        name: { type: "string" },
        description: { type: "string" },
        dir: { type: "string" },
        yes: { type: "boolean", short: "y" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  let type: PluginType | undefined;
  if (values.type !== undefined) {
    const parsed = pluginTypeSchema.safeParse(values.type);
    if (!parsed.success) throw new UsageError(parsed.error.issues[0]?.message ?? "invalid --type");
    type = parsed.data;
  }
  let description: string | undefined;
  if (values.description !== undefined) {
    const parsed = descriptionSchema.safeParse(values.description);
    if (!parsed.success) throw new UsageError(parsed.error.issues[0]?.message ?? "invalid --description");
    description = parsed.data;
  }
  if (values.dir !== undefined && values.dir.trim() === "") throw new UsageError("--dir needs a path");
  return {
    type,
    name: values.name,
    description,
    dir: values.dir,
    yes: values.yes ?? false,
    help: values.help ?? false,
  };
}
