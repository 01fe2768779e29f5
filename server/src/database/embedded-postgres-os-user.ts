import { execFile } from "node:child_process";
import { chmod, realpath, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
import type { Logger } from "@checkstack/backend-api";

/** Running the embedded server as root: Postgres refuses root, so it runs as this OS user. */
const OS_USER = "postgres";
const execFileAsync = promisify(execFile);

export interface PosixIds {
  uid: number;
  gid: number;
}

/** Postgres refuses to run as root: as root, resolve (or create) the `postgres` OS user to run it as. */
export async function resolveRunAs(logger: Logger): Promise<PosixIds | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const existing = await lookupUser(OS_USER);
  if (existing) return existing;
  // Created here rather than by the library's createPostgresUser, because the uid is needed
  // before initdb runs (to hand it the password file); the library then finds the user.
  logger.info("creating OS user to run Postgres as", { user: OS_USER });
  await execFileAsync("groupadd", ["--system", "--force", OS_USER]);
  await execFileAsync("useradd", ["--system", "--gid", OS_USER, "--no-create-home", OS_USER]);
  const created = await lookupUser(OS_USER);
  if (!created) throw new Error(`could not create the OS user ${OS_USER}`);
  return created;
}

async function lookupUser(name: string): Promise<PosixIds | undefined> {
  try {
    const [uid, gid] = await Promise.all([
      execFileAsync("id", ["-u", name]).then(({ stdout }) => Number.parseInt(stdout, 10)),
      execFileAsync("id", ["-g", name]).then(({ stdout }) => Number.parseInt(stdout, 10)),
    ]);
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/** Adds o+x (and nothing else) to every ancestor directory the postgres user could not traverse. */
export async function ensureTraversable(targets: string[], logger: Logger): Promise<void> {
  const directories = new Set<string>();
  for (const target of targets) {
    for (const directory of ancestorsOf(await realpathOfNearest(target))) directories.add(directory);
  }
  const changed: string[] = [];
  for (const directory of directories) {
    const { mode } = await stat(directory);
    if ((mode & 0o001) === 0) {
      await chmod(directory, (mode & 0o7777) | 0o001);
      changed.push(directory);
    }
  }
  if (changed.length > 0) logger.info("added o+x so the postgres user can reach its files", { directories: changed });
}

/** realpath of `path`, or of its closest existing ancestor joined with the rest. */
async function realpathOfNearest(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(await realpathOfNearest(parent), basename(path));
  }
}

function ancestorsOf(path: string): string[] {
  const ancestors: string[] = [];
  for (let current = dirname(path); ; current = dirname(current)) {
    ancestors.push(current);
    if (dirname(current) === current) return ancestors;
  }
}
