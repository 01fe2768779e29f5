import { implement, ORPCError } from "@orpc/server";
import { autoAuthMiddleware, type RpcContext } from "@checkstack/backend-api";
import { statusNotesContract, pluginMetadata } from "@checkstack/status-notes-common";
import packageJson from "../package.json";
import { StatusNotesService, type Database } from "./service";

/**
 * Handlers hold no access checks: autoAuthMiddleware enforces each procedure's
 * contract meta (userType, access, instanceAccess) before the handler runs.
 */
const os = implement(statusNotesContract).$context<RpcContext>().use(autoAuthMiddleware);

const notFound = (id: string) => new ORPCError("NOT_FOUND", { message: `No status-notes item ${id}` });

/**
 * A factory, so handlers use the plugin's own database (bound to its schema)
 * captured here, never a database from the request context.
 */
export function createStatusNotesRouter({ database }: { database: Database }) {
  const service = new StatusNotesService(database);

  return os.router({
    getInfo: os.getInfo.handler(() => ({
      pluginId: pluginMetadata.pluginId,
      displayName: pluginMetadata.displayName,
      version: packageJson.version,
    })),

    list: os.list.handler(async () => ({ items: await service.list() })),

    get: os.get.handler(async ({ input }) => {
      const item = await service.get(input.id);
      if (!item) throw notFound(input.id);
      return item;
    }),

    create: os.create.handler(async ({ input, context }) => {
      const item = await service.create(input);
      context.logger.info("status-notes item created", { itemId: item.id });
      return item;
    }),

    update: os.update.handler(async ({ input }) => {
      const item = await service.update(input);
      if (!item) throw notFound(input.id);
      return item;
    }),

    delete: os.delete.handler(async ({ input }) => await service.delete(input.id)),
  });
}
