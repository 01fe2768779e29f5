import { proc } from "@checkstack/common";
import { maintenanceAccess } from "./access";
import {
  CancelOccurrenceSchema,
  CreateWindowSchema,
  ListWindowsInputSchema,
  PublicMaintenanceListSchema,
  PublicMaintenancesInputSchema,
  UpdateWindowSchema,
  WindowDetailSchema,
  WindowPageSchema,
  WindowRefSchema,
} from "./schemas";

const { window } = maintenanceAccess;

/** Single-window procedures are checked on windowId before the handler; the list drops windows the caller may not read. */
export const maintenanceContract = {
  /** A page of windows, newest first; pass nextCursor back for the next one. */
  listWindows: proc({ operationType: "query", userType: "authenticated", access: [window.read], instanceAccess: { listKey: "items" } })
    .input(ListWindowsInputSchema)
    .output(WindowPageSchema),

  /** The window with its materialised occurrences (the next 30 days, and the past ones). */
  getWindow: proc({ operationType: "query", userType: "authenticated", access: [window.read] }).input(WindowRefSchema).output(WindowDetailSchema),

  createWindow: proc({ operationType: "mutation", userType: "authenticated", access: [window.manage], instanceAccess: {} })
    .input(CreateWindowSchema)
    .output(WindowDetailSchema),

  /** Title, description, systems and lead time; a cancelled window cannot be changed (409). */
  updateWindow: proc({ operationType: "mutation", userType: "authenticated", access: [window.manage] }).input(UpdateWindowSchema).output(WindowDetailSchema),

  /** Cancels the window: its scheduled occurrences become cancelled, one in progress ends now. */
  cancelWindow: proc({ operationType: "mutation", userType: "authenticated", access: [window.manage] }).input(WindowRefSchema).output(WindowDetailSchema),

  /** Cancels one occurrence (scheduled or in progress). */
  cancelOccurrence: proc({ operationType: "mutation", userType: "authenticated", access: [window.manage] })
    .input(CancelOccurrenceSchema)
    .output(WindowDetailSchema),

  /** For the status-page source: public fields of occurrences touching the systems and overlapping [from, to). */
  publicMaintenances: proc({ operationType: "query", userType: "service" }).input(PublicMaintenancesInputSchema).output(PublicMaintenanceListSchema),
};
