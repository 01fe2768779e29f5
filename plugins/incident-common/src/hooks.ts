import { createHook } from "@checkstack/backend-api";
import type { Impact, IncidentStatus } from "./schemas";

/**
 * What every incident hook carries: ids to look the incident up again, and
 * the state after the change. Plain JSON, so work-queue subscribers
 * (alerting's notifications) get it intact on every redelivery.
 */
export interface IncidentHookPayload {
  incidentId: string;
  /** The timeline entry the change wrote (the opening message for created). */
  updateId: string;
  title: string;
  status: IncidentStatus;
  impact: Impact;
  systemIds: string[];
  ownerTeamId: string | null;
  /** The principal that made the change ("user:42", "system:alerting"). */
  author: string;
}

/** Emitted inside the changing transaction: subscribers hear of a change only if it commits. */
export const incidentHooks = {
  created: createHook<IncidentHookPayload>("incident.created"),
  updated: createHook<IncidentHookPayload>("incident.updated"),
  resolved: createHook<IncidentHookPayload>("incident.resolved"),
} as const;
