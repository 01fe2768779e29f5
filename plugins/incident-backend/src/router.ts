import { implement } from "@orpc/server";
import { autoAuthMiddleware, describePrincipal, NotFoundError, type RpcContext } from "@checkstack/backend-api";
import { incidentContract, type IncidentDetail, type IncidentHookPayload } from "@checkstack/incident-common";
import type { AnnounceIncidentChange } from "./events";
import type { ChangedIncident, IncidentService } from "./incident-service";
import type { IncidentOwnership } from "./ownership";

/** Caller kinds, rules and instance access come from the contract's metadata (autoAuthMiddleware). */
const os = implement(incidentContract).$context<RpcContext>().use(autoAuthMiddleware);

/** Public members only, so tests can hand in plain objects. */
type Surface<T> = Pick<T, keyof T>;

export interface IncidentRouterDeps {
  incidents: Surface<IncidentService>;
  ownership: Surface<IncidentOwnership>;
  announce: AnnounceIncidentChange;
}

const noSuchIncident = (id: string) => new NotFoundError(`No incident with id ${id}`);

function payloadOf({ incident, updateId }: ChangedIncident, author: string): IncidentHookPayload {
  return {
    incidentId: incident.id,
    updateId,
    title: incident.title,
    status: incident.status,
    impact: incident.impact,
    systemIds: incident.systems.map((entry) => entry.systemId),
    ownerTeamId: incident.ownerTeamId,
    author,
  };
}

const systemIdsOf = (incident: IncidentDetail | undefined) => incident?.systems.map((entry) => entry.systemId) ?? [];

/** The incident plugin's procedures (POST /api/incident/<procedure>). */
export function createIncidentRouter({ incidents, ownership, announce }: IncidentRouterDeps) {
  return os.router({
    listIncidents: os.listIncidents.handler(({ input }) => incidents.list(input)),

    getIncident: os.getIncident.handler(async ({ input }) => {
      const incident = await incidents.get(input.incidentId);
      if (!incident) throw noSuchIncident(input.incidentId);
      return incident;
    }),

    createIncident: os.createIncident.handler(async ({ input, context }) => {
      const { teamOnly, ...fields } = input;
      const author = describePrincipal(context.principal);
      if (fields.ownerTeamId) await ownership.assertTeamExists(fields.ownerTeamId);
      const created = await incidents.create(fields, author);
      // An owned incident is the team's business: team-only unless the caller says otherwise.
      if (fields.ownerTeamId) await ownership.assign(created.incident.id, fields.ownerTeamId, teamOnly ?? true);
      await announce("created", payloadOf(created, author));
      return created.incident;
    }),

    postIncidentUpdate: os.postIncidentUpdate.handler(async ({ input, context }) => {
      const { incidentId, ...change } = input;
      const author = describePrincipal(context.principal);
      const before = await incidents.get(incidentId);
      const changed = await incidents.change(incidentId, change, author);
      if (!changed) throw noSuchIncident(incidentId);
      await announce("updated", payloadOf(changed, author), systemIdsOf(before));
      return changed.incident;
    }),

    resolveIncident: os.resolveIncident.handler(async ({ input, context }) => {
      const author = describePrincipal(context.principal);
      const changed = await incidents.change(input.incidentId, { message: input.message }, author, true);
      if (!changed) throw noSuchIncident(input.incidentId);
      await announce("resolved", payloadOf(changed, author));
      return changed.incident;
    }),

    publicIncidents: os.publicIncidents.handler(async ({ input }) => ({ incidents: await incidents.publicIncidents(input.systemIds, input.since) })),
  });
}
