import { proc } from "@checkstack/common";
import { z } from "zod";
import { statusNotesAccess } from "./access";
import {
  CreateStatusNotesItemSchema,
  StatusNotesInfoSchema,
  StatusNotesItemIdSchema,
  StatusNotesItemSchema,
  UpdateStatusNotesItemSchema,
} from "./schemas";

const { item } = statusNotesAccess;

/**
 * The plugin's API. Each procedure's meta is enforced by autoAuthMiddleware in
 * the backend before its handler runs: who may call (userType), which rules the
 * caller must hold (access) and how single items or lists are checked
 * (instanceAccess). Served at POST /api/status-notes/<procedure>.
 */
export const statusNotesContract = {
  // Anybody, signed in or not, may ask what this is: handy for probes and clients.
  getInfo: proc({ operationType: "query", userType: "anonymous" }).output(StatusNotesInfoSchema),

  // listKey: items the caller may not read are dropped from the answer.
  list: proc({
    operationType: "query",
    userType: "authenticated",
    access: [item.read],
    instanceAccess: { listKey: "items" },
  }).output(z.object({ items: z.array(StatusNotesItemSchema) })),

  get: proc({ operationType: "query", userType: "authenticated", access: [item.read] })
    .input(StatusNotesItemIdSchema)
    .output(StatusNotesItemSchema),

  // A new item has no id to check against yet, so the rule alone decides.
  create: proc({ operationType: "mutation", userType: "authenticated", access: [item.manage], instanceAccess: {} })
    .input(CreateStatusNotesItemSchema)
    .output(StatusNotesItemSchema),

  update: proc({ operationType: "mutation", userType: "authenticated", access: [item.manage] })
    .input(UpdateStatusNotesItemSchema)
    .output(StatusNotesItemSchema),

  delete: proc({ operationType: "mutation", userType: "authenticated", access: [item.manage] })
    .input(StatusNotesItemIdSchema)
    .output(z.object({ deleted: z.boolean() })),
};
