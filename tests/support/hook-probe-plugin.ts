import type { FixturePlugin } from "./fixture-plugins";

/**
 * A plugin that subscribes to one hook in every distributed mode and records
 * each delivery in its own table (instance, channel, key), so a test can count
 * deliveries across processes. Its anonymous procedure `emit` emits inside the
 * request's transaction and can fail afterwards, to prove rolled-back emits
 * deliver nothing. A payload with `blockOnce` makes the first "slow" handler
 * run hang (after dropping a marker file): the instance holding it can then be
 * killed, and the retry elsewhere completes (that handler uses
 * delivery.markHandled(), whose mark dies with the killed run's transaction).
 */
export function hookProbePlugin(id: string): FixturePlugin {
  const source = `import { implement } from "@orpc/server";
import { integer, pgTable, serial, text } from "drizzle-orm/pg-core";
import { z } from "zod";
import { existsSync, writeFileSync } from "node:fs";
import { proc } from "@checkstack/common";
import { autoAuthMiddleware, coreServices, createBackendPlugin, createHook, type EmitHook, type RpcContext } from "@checkstack/backend-api";

const probe = createHook<{ key: string; padding: string; blockOnce?: string }>("${id}.probe");
const instance = process.env.CHECKSTACK_INSTANCE_ID ?? "unknown";
let emitHook: EmitHook | undefined;
const deliveries = pgTable("deliveries", {
  id: serial("id").primaryKey(),
  instance: text("instance").notNull(),
  channel: text("channel").notNull(),
  key: text("key").notNull(),
  payloadSize: integer("payload_size").notNull(),
});

const contract = {
  emit: proc({ userType: "anonymous" })
    .input(z.object({ keys: z.array(z.string()).min(1), padding: z.number().int().min(0).max(200_000).default(0), fail: z.boolean().default(false), blockOnce: z.string().optional() }))
    .output(z.object({ emitted: z.number() })),
};
const os = implement(contract).$context<RpcContext>().use(autoAuthMiddleware);
const router = os.router({
  emit: os.emit.handler(async ({ input }) => {
    if (!emitHook) throw new Error("not ready");
    for (const key of input.keys) await emitHook(probe, { key, padding: "x".repeat(input.padding), ...(input.blockOnce ? { blockOnce: input.blockOnce } : {}) });
    if (input.fail) throw new Error("failing after emit, on purpose");
    return { emitted: input.keys.length };
  }),
});

export default createBackendPlugin({
  metadata: { pluginId: ${JSON.stringify(id)} },
  register(env) {
    env.registerInit({
      schema: { deliveries },
      deps: { rpc: coreServices.rpc, logger: coreServices.logger },
      init: async ({ rpc }) => rpc.registerRouter(router),
      afterPluginsReady: async ({ onHook, emitHook: emit, database, logger }) => {
        emitHook = emit;
        const record = (channel: string, key: string, size: number) =>
          database.insert(deliveries).values({ instance, channel, key, payloadSize: size });
        onHook(probe, async ({ key, padding }) => { await record("broadcast", key, padding.length); });
        onHook(probe, async ({ key, padding }) => { await record("group-a", key, padding.length); }, { mode: "work-queue", workerGroup: "a" });
        onHook(probe, async ({ key, padding }) => { await record("group-b", key, padding.length); }, { mode: "work-queue", workerGroup: "b" });
        onHook(probe, async ({ key, padding, blockOnce }, delivery) => {
          // Exactly-once effects: the mark is in this handler's transaction, so a run killed mid-handler leaves none.
          if (!(await delivery.markHandled())) return;
          if (blockOnce && !existsSync(blockOnce)) {
            writeFileSync(blockOnce, instance);
            logger.info("probe handler blocking", { key, instance });
            await new Promise(() => undefined);
          }
          await record("slow", key, padding.length);
        }, { mode: "work-queue", workerGroup: "slow", timeoutSeconds: 3, maxRetries: 5 });
      },
    });
  },
});
`;
  return {
    id,
    source,
    migrations: [
      {
        tag: "0000_deliveries",
        sql: `CREATE TABLE "deliveries" ("id" serial PRIMARY KEY NOT NULL, "instance" text NOT NULL, "channel" text NOT NULL, "key" text NOT NULL, "payload_size" integer NOT NULL, "at" timestamptz DEFAULT now() NOT NULL);`,
      },
    ],
  };
}
