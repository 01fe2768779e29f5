import { execFile } from "node:child_process";
import { readFile, readlink, realpath, rm } from "node:fs/promises";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import type { Logger } from "@checkstack/backend-api";

/** How long a fast shutdown may take before SIGQUIT. */
export const SHUTDOWN_TIMEOUT_MS = 30_000;
const POLL_INTERVAL_MS = 20;
const execFileAsync = promisify(execFile);

export async function readPostmasterPid(clusterDir: string): Promise<number> {
  const content = await readFile(join(clusterDir, "postmaster.pid"), "utf8");
  const pid = Number.parseInt(content.split("\n")[0] ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`unreadable postmaster.pid in ${clusterDir}`);
  return pid;
}

/**
 * A previous run killed without stopping Postgres leaves the postmaster running (orphaned)
 * and holding the cluster. Postgres copes with a postmaster.pid whose process is dead, but
 * not with one whose pid now belongs to an unrelated process (common after a container restart).
 */
export async function clearStalePostmaster(clusterDir: string, logger: Logger): Promise<void> {
  const pidFile = join(clusterDir, "postmaster.pid");
  const pid = await readPostmasterPid(clusterDir).catch(() => undefined);
  if (pid === undefined || pid === process.pid || !(await isRunning(pid))) return;

  const owner = await classifyProcess(pid, clusterDir);
  if (owner === "unknown") return;
  if (owner === "other-process") {
    logger.warn("removing postmaster.pid naming an unrelated live process", { pid });
    await rm(pidFile, { force: true });
    return;
  }
  if (await hasLiveRuntimeParent(pid)) {
    throw new Error(`${clusterDir} is in use by Postgres pid ${pid}, started by another running instance`);
  }
  logger.warn("stopping Postgres left running by a previous run", { pid });
  sendSignal(pid, "SIGINT");
  if (await waitForExit(pid, SHUTDOWN_TIMEOUT_MS)) return;
  sendSignal(pid, "SIGQUIT");
  if (!(await waitForExit(pid, 5_000))) throw new Error(`stale Postgres (pid ${pid}) did not exit`);
}

async function classifyProcess(pid: number, clusterDir: string): Promise<"this-cluster" | "other-process" | "unknown"> {
  const args = await processArgs(pid);
  const program = args?.[0];
  if (program === undefined) return "unknown";
  if (!basename(program).startsWith("postgres")) return "other-process";
  const dataDirIndex = args?.indexOf("-D") ?? -1;
  const dataDirArg = dataDirIndex >= 0 ? args?.[dataDirIndex + 1] : undefined;
  // The postmaster chdirs into its data directory, which survives symlinked spellings of -D.
  const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => undefined);
  const sameDir = dataDirArg === clusterDir || (cwd !== undefined && cwd === (await realpath(clusterDir)));
  return sameDir ? "this-cluster" : "other-process";
}

async function processArgs(pid: number): Promise<string[] | undefined> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => undefined);
  if (cmdline !== undefined) return cmdline.split("\0").filter((part) => part.length > 0);
  const ps = await execFileAsync("ps", ["-o", "args=", "-p", String(pid)]).catch(() => undefined);
  return ps?.stdout.trim().split(/\s+/);
}

/** Whether the postmaster's parent is a live bun/node process (a running instance) rather than an init/subreaper. */
async function hasLiveRuntimeParent(pid: number): Promise<boolean> {
  const parent = (await readProcStat(pid))?.ppid;
  if (parent === undefined || parent <= 1) return false;
  const executable = await readlink(`/proc/${parent}/exe`).catch(() => undefined);
  return executable !== undefined && /^(bun|node)(\.exe)?$/.test(basename(executable));
}

async function readProcStat(pid: number): Promise<{ state: string; ppid: number } | undefined> {
  const content = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (content === undefined) return undefined;
  // Format: "pid (comm) state ppid ..."; comm may contain spaces and parentheses.
  const [state, ppid] = content.slice(content.lastIndexOf(")") + 2).split(" ");
  return state === undefined ? undefined : { state, ppid: Number.parseInt(ppid ?? "", 10) };
}

export async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (!isErrnoException(error) || error.code !== "EPERM") return false;
  }
  // An exited child stays a zombie until its parent reaps it: it no longer runs.
  return (await readProcStat(pid))?.state !== "Z";
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (await isRunning(pid)) {
    if (performance.now() > deadline) return false;
    await Bun.sleep(POLL_INTERVAL_MS);
  }
  return true;
}

export function sendSignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if (!isErrnoException(error) || error.code !== "ESRCH") throw error;
  }
}

export function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && "code" in error;
}
