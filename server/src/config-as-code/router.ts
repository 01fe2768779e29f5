import { implement } from "@orpc/server";
import { autoAuthMiddleware, type RpcContext } from "@checkstack/backend-api";
import { configContract } from "./contract";
import type { ConfigEngine } from "./config-engine";

const os = implement(configContract).$context<RpcContext>().use(autoAuthMiddleware);

/** Both run in the request's scope: an apply is the request's one transaction, rolled back whole on any error. */
export function createConfigRouter(engine: ConfigEngine) {
  return os.router({
    export: os.export.handler(async () => ({ file: await engine.export() })),
    apply: os.apply.handler(({ input }) => engine.apply(input)),
  });
}
