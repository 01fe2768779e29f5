import { implement } from "@orpc/server";
import { autoAuthMiddleware, InputError, type RpcContext } from "@checkstack/backend-api";
import { configContract } from "./contract";
import type { ConfigEngine } from "./config-engine";

const os = implement(configContract).$context<RpcContext>().use(autoAuthMiddleware);

/**
 * The engine speaks of places in the file ("checks[3].config.url"); over the API the file is the
 * input's `file` field, so each issue's path is given below it in the SDK's dotted form
 * ("file.checks.3.config.url") while the message keeps the file's own spelling for people.
 */
function underFileField(error: unknown): unknown {
  if (!(error instanceof InputError)) return error;
  const issues = error.issues.map((issue) => {
    const dotted = issue.path.replace(/\[(\d+)\]/g, ".$1").replace(/^\./, "");
    return { path: dotted ? `file.${dotted}` : "file", message: issue.message };
  });
  return new InputError(error.message, { issues, cause: error });
}

/** Both run in the request's scope: an apply is the request's one transaction, rolled back whole on any error. */
export function createConfigRouter(engine: ConfigEngine) {
  return os.router({
    export: os.export.handler(async () => ({ file: await engine.export() })),
    apply: os.apply.handler(async ({ input }) => {
      try {
        return await engine.apply(input);
      } catch (error) {
        throw underFileField(error);
      }
    }),
  });
}
