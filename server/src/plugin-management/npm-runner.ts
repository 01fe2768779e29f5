import { spawn } from "node:child_process";

export interface NpmResult {
  stdout: string;
  stderr: string;
}

/** npm failed; `reason` is npm's own summary ("E404: Not Found - GET …", "TAR_BAD_ARCHIVE: …"). */
export class NpmError extends Error {
  override name = "NpmError";
  constructor(
    readonly reason: string,
    readonly args: ReadonlyArray<string>,
  ) {
    super(`npm ${args[0] ?? ""} failed: ${reason}`);
  }
}

const TIMEOUT_MS = 5 * 60_000;
const OUTPUT_LIMIT = 1_000_000;

// When the platform itself runs under `npm start`, npm's per-script variables would leak into
// the child and point it at the platform's own package; the operator's registry, proxy and
// cache settings (other npm_config_*) are kept.
const SCRIPT_VARIABLES = /^npm_(package_|lifecycle_|command$|execpath$|node_execpath$|config_(local_)?prefix$|config_workspaces?$|config_global$)/i;

function childEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && !SCRIPT_VARIABLES.test(entry[0])),
  );
}

/** npm's reason for failing, from its --json error object or else its "npm error" lines. */
function failureReason(stdout: string, stderr: string): string {
  try {
    const parsed: unknown = JSON.parse(stdout);
    const error = typeof parsed === "object" && parsed !== null ? (parsed as { error?: { code?: unknown; summary?: unknown } }).error : undefined;
    if (error && typeof error.summary === "string" && error.summary.length > 0) {
      const code = typeof error.code === "string" ? error.code : "";
      return error.summary.startsWith(code) ? error.summary : `${code}: ${error.summary}`.replace(/^: /, "");
    }
  } catch {
    // Not JSON: fall back to stderr.
  }
  const lines = stderr
    .split("\n")
    .filter((line) => line.startsWith("npm error") && !line.includes("A complete log of this run"))
    .map((line) => line.replace(/^npm error\s*/, "").trim())
    .filter((line) => line.length > 0);
  return lines.slice(0, 4).join("; ") || stderr.trim().split("\n").slice(-1)[0] || "npm exited with an error";
}

/**
 * Runs npm with an argument array and no shell, so nothing in an argument is
 * ever interpreted. Rejects with NpmError carrying npm's own reason.
 */
export function runNpm(args: ReadonlyArray<string>, options: { cwd: string }): Promise<NpmResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", [...args], { cwd: options.cwd, env: childEnv(), shell: false, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      if (stdout.length < OUTPUT_LIMIT) stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      if (stderr.length < OUTPUT_LIMIT) stderr += chunk.toString("utf8");
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, TIMEOUT_MS);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new NpmError(`could not run npm (${error.message}); is npm on the PATH?`, args));
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout, stderr });
      else if (timedOut) reject(new NpmError(`npm did not finish within ${TIMEOUT_MS / 1000} s`, args));
      else if (signal) reject(new NpmError(`npm was stopped by ${signal}`, args));
      else reject(new NpmError(failureReason(stdout, stderr), args));
    });
  });
}
