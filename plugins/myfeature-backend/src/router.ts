import { implement } from "@orpc/server";
import { autoAuthMiddleware, type RpcContext } from "@checkstack/backend-api";
import { myFeatureContract, pluginMetadata } from "@checkstack/myfeature-common";
import { MyFeatureService, type Database } from "./service";
import packageJson from "../package.json";

/**
 * Create the router using contract-based implementation.
 * Auth and access rules are automatically enforced via autoAuthMiddleware
 * based on the contract's meta.userType and meta.access.
 */
const os = implement(myFeatureContract).$context<RpcContext>().use(autoAuthMiddleware);

export function createMyFeatureRouter({ database }: { database: Database }) {
  const service = new MyFeatureService(database);

  return os.router({
    getItems: os.getItems.handler(async () => {
      return await service.getItems();
    }),

    getItem: os.getItem.handler(async ({ input }) => {
      return await service.getItem(input.itemId);
    }),

    createItem: os.createItem.handler(async ({ input }) => {
      return await service.createItem(input);
    }),

    deleteItem: os.deleteItem.handler(async ({ input }) => {
      return await service.deleteItem(input.itemId);
    }),

    getPublicInfo: os.getPublicInfo.handler(() => {
      return { pluginId: pluginMetadata.pluginId, version: packageJson.version };
    }),

    countItems: os.countItems.handler(async () => {
      return await service.countItems();
    }),
  });
}
