import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { CreatePluginError } from "./errors";

const TIMEOUT_MS = 60_000;
const OUTPUT_TAIL_CHARS = 2_000;

/**
 * The drizzle-kit that `npm run drizzle-kit` in `dir` would run: the first
 * node_modules/.bin/drizzle-kit going up from it, else the one of `repoRoot`.
 */
export function findDrizzleKit(dir: string, repoRoot: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const candidate = join(current, "node_modules", ".bin", "drizzle-kit");
    if (existsSync(candidate)) return candidate;
    if (dirname(current) === current) break;
  }
  const fallback = join(repoRoot, "node_modules", ".bin", "drizzle-kit");
  return existsSync(fallback) ? fallback : undefined;
}

/**
 * Writes the package's first migration the way its author will write every
 * later one: drizzle-kit generate in the package folder, reading its
 * drizzle.config.ts. Running the real tool (rather than templating its output)
 * keeps the snapshot in drizzle/meta exactly what the next generate diffs against.
 */
export async function generateInitialMigration(packageDir: string, migrationName: string, repoRoot: string): Promise<void> {
  const binary = findDrizzleKit(packageDir, repoRoot);
  if (!binary) {
    throw new CreatePluginError("drizzle-kit is not installed: run `npm install` at the repository root first");
  }
  const { code, output } = await run(binary, ["generate", "--name", migrationName], packageDir);
  if (code !== 0 || !existsSync(join(packageDir, "drizzle", "meta", "_journal.json"))) {
    // The usual cause: a --dir outside the repository, from where drizzle-orm and drizzle-kit cannot be imported.
    const hint = output.includes("Cannot find module")
      ? "\nRun `npm install` at the repository root, and keep --dir inside the repository so its node_modules is found."
      : "";
    throw new CreatePluginError(`drizzle-kit generate failed (exit ${code ?? "by signal"}):\n${output.slice(-OUTPUT_TAIL_CHARS).trim()}${hint}`);
  }
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
      // Plain text for the error message, should there be one.
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
      timeout: TIMEOUT_MS,
    });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString("utf8");
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}
