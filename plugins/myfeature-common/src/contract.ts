import { oc } from "@orpc/contract";
import type { ProcedureMetadata } from "@checkstack/common";
import { z } from "zod";
import { access } from "./access";
import { CreateItemSchema, ItemIdSchema, ItemSchema } from "./schemas";

const _base = oc.$meta<ProcedureMetadata>({});

export const myFeatureContract = {
  getItems: _base
    .meta({ operationType: "query", userType: "authenticated", access: [access.itemRead.id] })
    .route({ method: "GET", path: "/items", summary: "List items" })
    .output(z.array(ItemSchema)),

  getItem: _base
    .meta({ operationType: "query", userType: "authenticated", access: [access.itemRead.id] })
    .route({ method: "GET", path: "/items/{itemId}", summary: "Get an item (null when there is none)" })
    .input(ItemIdSchema)
    .output(ItemSchema.nullable()),

  createItem: _base
    .meta({ userType: "authenticated", access: [access.itemManage.id] })
    .route({ method: "POST", path: "/items", summary: "Create an item" })
    .input(CreateItemSchema)
    .output(ItemSchema),

  deleteItem: _base
    .meta({ userType: "authenticated", access: [access.itemManage.id] })
    .route({ method: "DELETE", path: "/items/{itemId}", summary: "Delete an item" })
    .input(ItemIdSchema)
    .output(z.object({ deleted: z.boolean() })),

  // Public endpoint (no auth required)
  getPublicInfo: _base
    .meta({ operationType: "query", userType: "anonymous" })
    .route({ method: "GET", path: "/info", summary: "The plugin's id and version" })
    .output(z.object({ pluginId: z.string(), version: z.string() })),

  // Service-to-service endpoint (not served to HTTP callers, so not in the OpenAPI document)
  countItems: _base.meta({ userType: "service" }).output(z.object({ count: z.number().int() })),
};
