import { oc } from "@orpc/contract";
import type { ProcedureMetadata } from "@checkstack/common";
import { z } from "zod";
import { access } from "./access";
import { CreateItemSchema, ItemIdSchema, ItemSchema } from "./schemas";

const _base = oc.$meta<ProcedureMetadata>({});

export const myFeatureContract = {
  getItems: _base.meta({ operationType: "query", userType: "user", access: [access.itemRead.id] }).output(z.array(ItemSchema)),

  getItem: _base
    .meta({ operationType: "query", userType: "user", access: [access.itemRead.id] })
    .input(ItemIdSchema)
    .output(ItemSchema.nullable()),

  createItem: _base.meta({ userType: "user", access: [access.itemManage.id] }).input(CreateItemSchema).output(ItemSchema),

  deleteItem: _base
    .meta({ userType: "user", access: [access.itemManage.id] })
    .input(ItemIdSchema)
    .output(z.object({ deleted: z.boolean() })),

  // Public endpoint (no auth required)
  getPublicInfo: _base.meta({ userType: "anonymous" }).output(z.object({ pluginId: z.string(), version: z.string() })),

  // Service-to-service endpoint
  countItems: _base.meta({ userType: "service" }).output(z.object({ count: z.number().int() })),
};
