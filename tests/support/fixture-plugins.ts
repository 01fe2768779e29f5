import { afterAll } from "bun:test";
import { randomBytes } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { REPO_ROOT } from "./platform-process";

/**
 * Fixture plugins are written under the repository's .data/ folder rather than
 * os.tmpdir(): their imports ("@checkstack/backend-api", "@orpc/server", "zod")
 * then resolve by walking up to the workspace's node_modules, with no symlink
 * to create or remove. .data/ is gitignored and excluded from tsc and eslint.
 */
const FIXTURES_ROOT = join(REPO_ROOT, ".data", "test-fixtures");

export interface FixtureMigration {
  tag: string;
  sql: string;
}

export interface FixturePlugin {
  id: string;
  source: string;
  migrations?: FixtureMigration[];
}

const PRELUDE = `import { implement } from "@orpc/server";
import { z } from "zod";
import { proc } from "@checkstack/common";
import { autoAuthMiddleware, coreHooks, coreServices, createBackendPlugin, createServiceRef, type RpcContext } from "@checkstack/backend-api";
`;

function plugin(id: string, register: string, topLevel = ""): string {
  return `${PRELUDE}${topLevel}
export default createBackendPlugin({
  metadata: { pluginId: ${JSON.stringify(id)} },
  register(env) {
${register}
  },
});
`;
}

const noopInit = `env.registerInit({ deps: {}, init: async () => undefined });`;

export const fixtures = {
  /** Two migrations (a table, then a column): each must be applied exactly once. */
  withMigrations(id: string): FixturePlugin {
    return {
      id,
      source: plugin(id, noopInit),
      migrations: [
        { tag: "0000_widgets", sql: `CREATE TABLE "widgets" ("id" serial PRIMARY KEY NOT NULL, "name" text NOT NULL);` },
        { tag: "0001_widget_size", sql: `ALTER TABLE "widgets" ADD COLUMN "size" integer DEFAULT 0 NOT NULL;` },
      ],
    };
  },

  /** Anonymous procedures: echo (zod-validated input), boom (throws), sleep (logs, then waits). */
  api(id: string): FixturePlugin {
    const topLevel = `
const contract = {
  echo: proc({ userType: "anonymous" })
    .input(z.object({ name: z.string().min(1), count: z.number().int().positive() }))
    .output(z.object({ name: z.string(), count: z.number() })),
  boom: proc({ userType: "anonymous" }).output(z.object({ ok: z.boolean() })),
  sleep: proc({ userType: "anonymous" }).input(z.object({ ms: z.number().int().max(10_000) })).output(z.object({ slept: z.number() })),
};
const os = implement(contract).$context<RpcContext>().use(autoAuthMiddleware);
const router = os.router({
  echo: os.echo.handler(({ input }) => input),
  boom: os.boom.handler(() => {
    throw new Error("fixture handler exploded");
  }),
  sleep: os.sleep.handler(async ({ input, context }) => {
    context.logger.info("fixture sleep started");
    await Bun.sleep(input.ms);
    return { slept: input.ms };
  }),
});
`;
    return { id, source: plugin(id, `env.registerInit({ deps: { rpc: coreServices.rpc }, init: async ({ rpc }) => rpc.registerRouter(router) });`, topLevel) };
  },

  /** init waits `ms`: widens the window in which the platform listens but is not ready. */
  slowInit(id: string, ms: number): FixturePlugin {
    return { id, source: plugin(id, `env.registerInit({ deps: {}, init: async () => { await Bun.sleep(${ms}); } });`) };
  },

  /** Writes `file` from an instance-local platformShutdown subscriber. */
  shutdownMarker(id: string, file: string): FixturePlugin {
    const register = `env.registerInit({
      deps: {},
      init: async () => undefined,
      afterPluginsReady: async ({ onHook }) => {
        onHook(coreHooks.platformShutdown, async ({ reason }) => {
          await Bun.write(${JSON.stringify(file)}, JSON.stringify({ reason }));
        }, { mode: "instance-local" });
      },
    });`;
    return { id, source: plugin(id, register) };
  },

  /** Provides `serviceId`, then throws from init. */
  failingInit(id: string, serviceId: string, message: string): FixturePlugin {
    const register = `env.registerService(createServiceRef<{ ping(): string }>(${JSON.stringify(serviceId)}), { ping: () => "pong" });
    env.registerInit({ deps: {}, init: async () => { throw new Error(${JSON.stringify(message)}); } });`;
    return { id, source: plugin(id, register) };
  },

  /** Needs `serviceId` from another plugin. */
  needsService(id: string, serviceId: string): FixturePlugin {
    const register = `env.registerInit({ deps: { needed: createServiceRef<{ ping(): string }>(${JSON.stringify(serviceId)}) }, init: async () => undefined });`;
    return { id, source: plugin(id, register) };
  },

  /** Two plugins, each providing a service and needing the other's. */
  cycle(a: string, b: string): FixturePlugin[] {
    const pair = (self: string, other: string) => {
      const register = `env.registerService(createServiceRef<{ id: string }>("${self}.service"), { id: "${self}" });
    env.registerInit({ deps: { other: createServiceRef<{ id: string }>("${other}.service") }, init: async () => undefined });`;
      return { id: self, source: plugin(self, register) };
    };
    return [pair(a, b), pair(b, a)];
  },
};

async function writePlugin(root: string, fixture: FixturePlugin): Promise<void> {
  const dir = join(root, fixture.id);
  await mkdir(join(dir, "src"), { recursive: true });
  const manifest = { name: `checkstack-fixture-${fixture.id}`, version: "0.0.1", type: "module", main: "src/index.ts", checkstack: { kind: "backend" } };
  await writeFile(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(dir, "src", "index.ts"), fixture.source);
  if (!fixture.migrations) return;
  await mkdir(join(dir, "drizzle", "meta"), { recursive: true });
  const entries = fixture.migrations.map((migration, idx) => ({ idx, version: "7", when: 1_700_000_000_000 + idx, tag: migration.tag, breakpoints: true }));
  await writeFile(join(dir, "drizzle", "meta", "_journal.json"), JSON.stringify({ version: "7", dialect: "postgresql", entries }));
  for (const migration of fixture.migrations) await writeFile(join(dir, "drizzle", `${migration.tag}.sql`), migration.sql);
}

/** Registers an afterAll removing every folder made by the returned create(). */
export function usePluginsDirs(): { create(plugins: FixturePlugin[]): Promise<string> } {
  const made: string[] = [];
  afterAll(async () => {
    await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return {
    async create(plugins) {
      const dir = join(FIXTURES_ROOT, randomBytes(6).toString("hex"));
      made.push(dir);
      for (const fixture of plugins) await writePlugin(dir, fixture);
      return dir;
    },
  };
}
