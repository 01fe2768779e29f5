import { isAbsolute, join, relative, resolve } from "node:path";
import { CreatePluginError } from "./errors";
import { parseCliOptions, USAGE, UsageError, type CliOptions, type PluginType } from "./options";
import { askConfirm, askDescription, askName, askType, PromptClosedError, type Prompter } from "./prompts";
import { preparePlugin, writePlugin, type PreparedPlugin } from "./write-plugin";

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Set when stdin is a terminal: missing answers are asked for. */
  prompter: Prompter | undefined;
  cwd: string;
  repoRoot: string;
}

export const EXIT_OK = 0;
export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;

/** Paths in messages: relative to where the user stands when that is shorter. */
function shown(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}

function describePlan(prepared: PreparedPlugin, cwd: string): string {
  const { names, plan, pluginsDir } = prepared;
  const lines = [`In ${shown(cwd, pluginsDir)}/:`];
  if (plan.common) lines.push(`  ${names.commonDir}/   ${names.commonPackage}: contract, access rules, zod schemas`);
  if (plan.backend) {
    lines.push(`  ${names.backendDir}/  ${names.backendPackage}: router, service, drizzle schema and migration, tests`);
  }
  if (plan.frontend) lines.push(`  ${names.frontendDir}/ ${names.frontendPackage}: pages in the web application (createFrontendPlugin)`);
  if (plan.commonAdded) lines.push(`  (${names.commonDir} too, because the ${plan.backend ? "backend" : "frontend"} needs its contract)`);
  if ((plan.backend || plan.frontend) && !plan.common) lines.push(`  (using the existing ${names.commonDir} as its contract)`);
  return `${lines.join("\n")}\n`;
}

function nextSteps(prepared: PreparedPlugin, cwd: string): string {
  const { names, plan, pluginsDir } = prepared;
  const steps = [
    "",
    "Next:",
    "  npm install                 # links the new packages into node_modules/@checkstack",
  ];
  if (plan.backend) {
    const backend = shown(cwd, join(pluginsDir, names.backendDir));
    steps.push(
      `  node_modules/.bin/bun test ${backend}`,
      `  npm start                   # serves /api/${names.pluginId}/`,
      `  curl -s -X POST http://localhost:3000/api/${names.pluginId}/getInfo -H 'content-type: application/json' -d '{"json":{}}'`,
    );
  }
  if (plan.frontend) {
    steps.push(`  npm start                   # bundles ${names.frontendDir}; its page is at http://localhost:3000/${names.pluginId}`);
    if (!plan.backend) steps.push(`  (offered while the ${names.pluginId} backend is loaded: npm run create -- --type backend --name ${names.pluginId})`);
  }
  steps.push("", "See docs/plugin-authors-guide.md.", "");
  return steps.join("\n");
}

/**
 * Fills in what the flags left out: asked for in a terminal, defaults otherwise.
 * --yes means "ask nothing", so with it only --name is required.
 */
async function complete(options: CliOptions, io: CliIo, pluginsDir: string): Promise<{ type: PluginType; name: string; description: string | undefined }> {
  const say = (text: string) => io.stdout(text);
  const prompter = options.yes ? undefined : io.prompter;
  if (!prompter) {
    if (!options.name) throw new UsageError(`--name is required ${options.yes ? "with --yes" : "when stdin is not a terminal"}`);
    if (!options.yes) throw new UsageError("--yes is required when stdin is not a terminal (nothing can be confirmed)");
    return { type: options.type ?? "backend", name: options.name, description: options.description };
  }
  const type = options.type ?? (await askType(prompter, say));
  const problem = (name: string): string | undefined => {
    try {
      preparePlugin({ type, name, pluginsDir, repoRoot: io.repoRoot });
      return undefined;
    } catch (error) {
      if (error instanceof CreatePluginError) return error.message;
      throw error;
    }
  };
  const name = options.name ?? (await askName(prompter, say, problem));
  const description = options.description ?? (await askDescription(prompter, say));
  return { type, name, description };
}

/** The whole command; returns the exit code instead of exiting, so tests can call it in-process. */
export async function runCreatePlugin(argv: ReadonlyArray<string>, io: CliIo): Promise<number> {
  try {
    const options = parseCliOptions(argv);
    if (options.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    const pluginsDir = resolve(io.cwd, options.dir ?? join(io.repoRoot, "plugins"));
    const answers = await complete(options, io, pluginsDir);
    const prepared = preparePlugin({ ...answers, pluginsDir, repoRoot: io.repoRoot });
    io.stdout(describePlan(prepared, io.cwd));
    if (!options.yes && io.prompter && !(await askConfirm(io.prompter))) {
      io.stdout("Nothing created.\n");
      return EXIT_REFUSED;
    }
    const created = await writePlugin(prepared);
    for (const dir of created) io.stdout(`Created ${shown(io.cwd, dir)}\n`);
    if (prepared.plan.commonAdded) {
      const type = prepared.plan.backend ? "backend" : "frontend";
      io.stdout(`(--type ${type} also created ${prepared.names.commonDir}: a ${type} needs its contract)\n`);
    }
    io.stdout(nextSteps(prepared, io.cwd));
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    if (error instanceof CreatePluginError) {
      io.stderr(`${error.message}\nNothing was created.\n`);
      return EXIT_REFUSED;
    }
    if (error instanceof PromptClosedError) {
      io.stderr("\nInput ended; nothing was created.\n");
      return EXIT_REFUSED;
    }
    throw error;
  } finally {
    io.prompter?.close();
  }
}
