import { createContractApi } from "@checkstack/frontend-api";
import { contractOperations } from "@checkstack/frontend-api/macros" with { type: "macro" };
import type { incidentContract } from "@checkstack/incident-common/contract";

/** Every call of the incident pages goes through these clients: a renamed procedure changes here only. */
export const incidentApi = createContractApi<typeof incidentContract>("incident", contractOperations("@checkstack/incident-common/contract", "incidentContract"));

export const rules = {
  incidentRead: "incident.incident.read",
  incidentManage: "incident.incident.manage",
} as const;

/** The contract's values, spelled here so the browser bundle carries no zod schemas. */
export const IMPACTS = ["none", "minor", "major", "critical"] as const;
export type Impact = (typeof IMPACTS)[number];
export const OPEN_STATUSES = ["investigating", "identified", "monitoring"] as const;
export type OpenStatus = (typeof OPEN_STATUSES)[number];
export type IncidentStatus = OpenStatus | "resolved";

export const IMPACT_COLOURS: Record<Impact, string> = { none: "gray", minor: "yellow", major: "orange", critical: "red" };
export const STATUS_COLOURS: Record<IncidentStatus, string> = { investigating: "red", identified: "orange", monitoring: "blue", resolved: "green" };

export const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
