import { afterAll, beforeAll } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runConfigCli } from "../../server/src/cli/config/cli";
import { newSecretKey, platformBooted, postRpc, type PlatformProcess, type usePlatforms } from "./platform-process";

// Shared by the config-as-code tests: a platform with a bootstrap admin, an admin API key for the
// CLI, a scratch folder for checkstack.yaml files, and the CLI run in this process.

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface BootstrapAdmin {
  readonly email: string;
  readonly password: string;
}

/** Starts a platform on `databaseUrl` whose first admin is `admin`, and waits until it is ready. */
export async function startWithAdmin(
  platforms: ReturnType<typeof usePlatforms>,
  databaseUrl: string,
  admin: BootstrapAdmin,
  secretKey: string = newSecretKey(),
): Promise<PlatformProcess> {
  const instance = await platforms.start({
    databaseUrl,
    secretKey,
    env: { CHECKSTACK_ADMIN_EMAIL: admin.email, CHECKSTACK_ADMIN_PASSWORD: admin.password },
  });
  await platformBooted(instance);
  return instance;
}

/** Signs `admin` in and creates an admin API key ("gitops") for the CLI. */
export async function adminApiKey(instance: PlatformProcess, admin: BootstrapAdmin): Promise<{ key: string; cookie: string }> {
  const login = await postRpc(instance, "auth/session/login", admin);
  const cookie = /checkstack_session=[^;]*/.exec(login.headers.get("set-cookie") ?? "")?.[0] ?? "";
  const created = await postRpc(instance, "auth/applications/create", { name: "gitops", roles: ["admin"] }, { cookie });
  const key = (created.body as { json: { key: string } }).json.key;
  if (!key) throw new Error(`creating the API key failed: ${created.text}`);
  return { key, cookie };
}

/** `checkstack <args> --url <url>` in this process, its output collected. */
export async function runCli(url: string, args: string[], env: Record<string, string>): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runConfigCli([...args, "--url", url], env, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
  });
  return { code, stdout, stderr };
}

/** A scratch folder for the file's config files, removed after the file; `write` names each file anew. */
export function useConfigFiles(prefix: string): { write(content: string, extension?: string): Promise<string> } {
  let workDir = "";
  let counter = 0;
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), `checkstack-${prefix}-`));
  });
  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });
  return {
    async write(content: string, extension = "yaml"): Promise<string> {
      if (!workDir) throw new Error("config files can only be written once beforeAll has run");
      const path = join(workDir, `${prefix}-${++counter}.${extension}`);
      await writeFile(path, content);
      return path;
    },
  };
}

/** The change lines of an apply's output ("+ create checks "x"" …), sorted. */
export const changeLines = (run: CliRun): string[] =>
  run.stdout
    .split("\n")
    .filter((line) => /^\s+[+~-] /.test(line))
    .map((line) => line.trim())
    .sort();
