import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { childEnv, recordOutputLine, REPO_ROOT, type LogLine, type PlatformOptions } from "./platform-process";

/** Every live (non-zombie) descendant of `root`, from /proc. */
export function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[0] === "Z") continue;
      const parent = Number(fields[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // Gone while we looked.
    }
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat[stat.lastIndexOf(")") + 2] !== "Z";
  } catch {
    return false;
  }
}

/**
 * `npm start` as an operator or a supervisor runs it, in a process group of
 * its own (as a terminal's foreground job is), with the platform's JSON log.
 */
export class LauncherProcess {
  readonly logs: LogLine[] = [];
  readonly output: string[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  private constructor(readonly dataDir: string, options: PlatformOptions) {
    this.child = spawn("npm", ["start", "--silent"], { cwd: REPO_ROOT, env: childEnv(options, dataDir), detached: true, stdio: ["ignore", "pipe", "pipe"] });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      let buffer = "";
      stream?.on("data", (chunk: Buffer) => {
        buffer += chunk.toString("utf8");
        let newline: number;
        while ((newline = buffer.indexOf("\n")) >= 0) {
          recordOutputLine(buffer.slice(0, newline), this);
          buffer = buffer.slice(newline + 1);
        }
      });
    }
    this.exited = new Promise((resolve) => this.child.once("exit", (code) => resolve(code)));
  }

  static async start(options: PlatformOptions): Promise<LauncherProcess> {
    return new LauncherProcess(await mkdtemp(join(tmpdir(), "checkstack-launcher-test-")), options);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  async waitForLog(msg: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.logs.some((line) => line.msg === msg)) {
      if (Date.now() > deadline) throw new Error(`"${msg}" not logged within ${timeoutMs} ms:\n${this.output.slice(-30).join("\n")}`);
      await Bun.sleep(100);
    }
  }

  /** A signal to the launcher alone, as a supervisor sends it. */
  signal(signal: NodeJS.Signals): void {
    process.kill(this.pid, signal);
  }

  /** A signal to the launcher's whole process group, as Ctrl-C in a terminal sends it. */
  signalGroup(signal: NodeJS.Signals): void {
    process.kill(-this.pid, signal);
  }

  /** Last resort for a failed test: the whole group, then anything left under it. */
  kill(pids: readonly number[]): void {
    for (const pid of [this.pid, ...pids]) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
}
