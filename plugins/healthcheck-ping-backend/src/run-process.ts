import { spawn } from "node:child_process";

/** ping's output for 20 packets is about 2 KiB; anything past this is not ping talking. */
const OUTPUT_LIMIT_BYTES = 64 * 1024;

export interface ProcessOutcome {
  /** The exit code; null when the process was ended by a signal (e.g. the abort below). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** The command could not be started at all (not installed, not executable). */
export class ProcessStartError extends Error {
  constructor(
    readonly command: string,
    readonly code: string | undefined,
    cause: Error,
  ) {
    super(`could not start ${command}: ${cause.message}`, { cause });
  }
}

/**
 * Runs `command` with an argument array (never through a shell) and collects
 * its output. When `signal` aborts, the process is killed and the promise
 * settles once it has exited, so a timed-out check leaves no process behind.
 * `onOutput` sees stdout as it grows, for callers that report partial progress.
 */
export function runProcess(command: string, args: string[], signal: AbortSignal, onOutput?: (stdout: string) => void): Promise<ProcessOutcome> {
  return new Promise<ProcessOutcome>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C" } });
    let stdout = "";
    let stderr = "";
    const append = (current: string, chunk: Buffer) => (current.length >= OUTPUT_LIMIT_BYTES ? current : current + chunk.toString("utf8"));
    child.stdout.on("data", (chunk: Buffer) => {
      stdout = append(stdout, chunk);
      onOutput?.(stdout);
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr = append(stderr, chunk)));
    const kill = () => child.kill("SIGKILL");
    if (signal.aborted) kill();
    else signal.addEventListener("abort", kill, { once: true });
    child.once("error", (error: NodeJS.ErrnoException) => {
      signal.removeEventListener("abort", kill);
      reject(new ProcessStartError(command, error.code, error));
    });
    child.once("close", (exitCode) => {
      signal.removeEventListener("abort", kill);
      resolve({ exitCode, stdout, stderr });
    });
  });
}
