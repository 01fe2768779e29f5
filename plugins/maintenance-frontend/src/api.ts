import { createContractApi } from "@checkstack/frontend-api";
import { contractOperations } from "@checkstack/frontend-api/macros" with { type: "macro" };
import type { maintenanceContract } from "@checkstack/maintenance-common/contract";

/** Every call of the maintenance pages goes through these clients: a renamed procedure changes here only. */
export const maintenanceApi = createContractApi<typeof maintenanceContract>(
  "maintenance",
  contractOperations("@checkstack/maintenance-common/contract", "maintenanceContract"),
);

export const rules = {
  windowRead: "maintenance.window.read",
  windowManage: "maintenance.window.manage",
} as const;

export type WindowDetail = Awaited<ReturnType<typeof maintenanceApi.client.getWindow>>;
export type MaintenanceWindow = Awaited<ReturnType<typeof maintenanceApi.client.listWindows>>["items"][number];
export type Recurrence = MaintenanceWindow["recurrence"];
export type Occurrence = WindowDetail["occurrences"][number];

/** The contract's weekdays, spelled here so the browser bundle carries no zod schemas. */
export const WEEKDAYS = [
  { value: "mon", label: "Monday" },
  { value: "tue", label: "Tuesday" },
  { value: "wed", label: "Wednesday" },
  { value: "thu", label: "Thursday" },
  { value: "fri", label: "Friday" },
  { value: "sat", label: "Saturday" },
  { value: "sun", label: "Sunday" },
] as const;
export type Weekday = (typeof WEEKDAYS)[number]["value"];
