import { spawnSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Plugin packages as an operator would receive them: folders written here and
 * packed with `npm pack` into .tgz files, installed through the admin API.
 * They import the platform's packages, which resolve from the repository's
 * node_modules once installed into a plugins directory inside the repository.
 */
export type InstallableKind = "greeter" | "failing-init" | "not-a-plugin" | "provider" | "consumer";

export interface InstallableOptions {
  pluginId: string;
  kind: InstallableKind;
  version?: string;
  /** For "consumer": the service it needs; for "provider": the service it offers. */
  serviceId?: string;
}

const IMPORTS = `import { implement } from "@orpc/server";
import { z } from "zod";
import { pgTable, serial, text } from "drizzle-orm/pg-core";
import { proc } from "@checkstack/common";
import { autoAuthMiddleware, coreHooks, coreServices, createBackendPlugin, createServiceRef, type RpcContext } from "@checkstack/backend-api";
`;

/** A migration, an access rule (a default one, so "users" holds a grant), a broadcast subscription and an anonymous procedure. */
function greeterSource(pluginId: string): string {
  return `${IMPORTS}
const greetings = pgTable("greetings", { id: serial("id").primaryKey(), text: text("text").notNull() });
const contract = { hello: proc({ userType: "anonymous" }).output(z.object({ pluginId: z.string(), greeting: z.string() })) };
const os = implement(contract).$context<RpcContext>().use(autoAuthMiddleware);

export default createBackendPlugin({
  metadata: { pluginId: ${JSON.stringify(pluginId)} },
  register(env) {
    env.registerAccessRules([{ id: "greeting.read", description: "Read greetings", isDefault: true }]);
    env.registerInit({
      schema: { greetings },
      deps: { rpc: coreServices.rpc },
      init: async ({ rpc, database }) => {
        rpc.registerRouter(os.router({
          hello: os.hello.handler(async () => {
            const [row] = await database.select().from(greetings);
            return { pluginId: ${JSON.stringify(pluginId)}, greeting: row?.text ?? "no greeting" };
          }),
        }));
      },
      afterPluginsReady: async ({ onHook }) => {
        onHook(coreHooks.configUpdated, () => undefined);
      },
    });
  },
});
`;
}

function failingInitSource(pluginId: string): string {
  return `${IMPORTS}
export default createBackendPlugin({
  metadata: { pluginId: ${JSON.stringify(pluginId)} },
  register(env) {
    env.registerAccessRules([{ id: "thing.read", description: "Read things" }]);
    env.registerInit({ deps: {}, init: async () => { throw new Error("fixture init exploded"); } });
  },
});
`;
}

function providerSource(pluginId: string, serviceId: string): string {
  return `${IMPORTS}
export default createBackendPlugin({
  metadata: { pluginId: ${JSON.stringify(pluginId)} },
  register(env) {
    env.registerService(createServiceRef<{ now(): number }>(${JSON.stringify(serviceId)}), { now: () => Date.now() });
    env.registerInit({ deps: {}, init: async () => undefined });
  },
});
`;
}

function consumerSource(pluginId: string, serviceId: string): string {
  return `${IMPORTS}
export default createBackendPlugin({
  metadata: { pluginId: ${JSON.stringify(pluginId)} },
  register(env) {
    env.registerInit({ deps: { clock: createServiceRef<{ now(): number }>(${JSON.stringify(serviceId)}) }, init: async ({ clock }) => { clock.now(); } });
  },
});
`;
}

const GREETER_MIGRATION = `CREATE TABLE "greetings" ("id" serial PRIMARY KEY NOT NULL, "text" text NOT NULL);
--> statement-breakpoint
INSERT INTO "greetings" ("text") VALUES ('hello from an installed plugin');`;

/** Writes the package folder; returns its path. */
export async function writeInstallable(root: string, options: InstallableOptions): Promise<string> {
  const dir = join(root, `${options.pluginId}-${options.version ?? "1.0.0"}`);
  await mkdir(join(dir, "src"), { recursive: true });
  const manifest = {
    name: `checkstack-plugin-${options.pluginId}`,
    version: options.version ?? "1.0.0",
    type: "module",
    main: "src/index.ts",
    ...(options.kind === "not-a-plugin" ? {} : { checkstack: { kind: "backend" } }),
    // The platform provides these: peers, never installed next to the plugin.
    peerDependencies: { "@checkstack/backend-api": "*", "@checkstack/common": "*", "@orpc/server": "*", zod: "*", "drizzle-orm": "*" },
  };
  await writeFile(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const serviceId = options.serviceId ?? "fixture.clock";
  const source = {
    greeter: greeterSource(options.pluginId),
    "failing-init": failingInitSource(options.pluginId),
    "not-a-plugin": `export const answer = 42;\n`,
    provider: providerSource(options.pluginId, serviceId),
    consumer: consumerSource(options.pluginId, serviceId),
  }[options.kind];
  await writeFile(join(dir, "src", "index.ts"), source);
  if (options.kind === "greeter" || options.kind === "failing-init") {
    await mkdir(join(dir, "drizzle", "meta"), { recursive: true });
    const entries = [{ idx: 0, version: "7", when: 1_700_000_000_000, tag: "0000_greetings", breakpoints: true }];
    await writeFile(join(dir, "drizzle", "meta", "_journal.json"), JSON.stringify({ version: "7", dialect: "postgresql", entries }));
    await writeFile(join(dir, "drizzle", "0000_greetings.sql"), GREETER_MIGRATION);
  }
  return dir;
}

/** `npm pack <folder>` into `destination`; returns the tarball's path. */
export function packInstallable(folder: string, destination: string): string {
  const result = spawnSync("npm", ["pack", folder, "--pack-destination", destination, "--json", "--ignore-scripts"], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`npm pack ${folder} failed: ${result.stderr}`);
  const [packed] = JSON.parse(result.stdout) as Array<{ filename: string }>;
  if (!packed) throw new Error(`npm pack ${folder} reported nothing`);
  return join(destination, packed.filename);
}
