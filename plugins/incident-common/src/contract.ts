import { proc } from "@checkstack/common";
import { incidentAccess } from "./access";
import {
  CreateIncidentSchema,
  IncidentDetailSchema,
  IncidentPageSchema,
  IncidentRefSchema,
  ListIncidentsInputSchema,
  PostIncidentUpdateSchema,
  PublicIncidentListSchema,
  PublicIncidentsInputSchema,
  ResolveIncidentSchema,
} from "./schemas";

const { incident } = incidentAccess;

/**
 * Reads need a signed-in caller ("user" type rules are default, never public).
 * Single-incident procedures are checked on incidentId before the handler;
 * the list drops entries the caller may not read (listKey) and row-level
 * security hides them as well.
 */
export const incidentContract = {
  /** A page of incidents, newest first (keyset on createdAt, id); pass nextCursor back for the next one. */
  listIncidents: proc({ operationType: "query", userType: "authenticated", access: [incident.read], instanceAccess: { listKey: "items" } })
    .input(ListIncidentsInputSchema)
    .output(IncidentPageSchema),

  getIncident: proc({ operationType: "query", userType: "authenticated", access: [incident.read] }).input(IncidentRefSchema).output(IncidentDetailSchema),

  createIncident: proc({ operationType: "mutation", userType: "authenticated", access: [incident.manage], instanceAccess: {} })
    .input(CreateIncidentSchema)
    .output(IncidentDetailSchema),

  /** Adds a timeline entry, optionally moving status, impact and affected systems with it. */
  postIncidentUpdate: proc({ operationType: "mutation", userType: "authenticated", access: [incident.manage] })
    .input(PostIncidentUpdateSchema)
    .output(IncidentDetailSchema),

  resolveIncident: proc({ operationType: "mutation", userType: "authenticated", access: [incident.manage] })
    .input(ResolveIncidentSchema)
    .output(IncidentDetailSchema),

  /** For the status-page source: public fields only, of incidents touching the systems. */
  publicIncidents: proc({ operationType: "query", userType: "service" }).input(PublicIncidentsInputSchema).output(PublicIncidentListSchema),
};
