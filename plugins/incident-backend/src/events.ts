import { statusPageContentChanged, UnavailableError, type EmitHook } from "@checkstack/backend-api";
import { incidentHooks, INCIDENT_PLUGIN_ID, type IncidentHookPayload } from "@checkstack/incident-common";

export type IncidentChangeKind = keyof typeof incidentHooks;

/** What the router needs to announce a change; a plain function so tests can record calls. */
export type AnnounceIncidentChange = (kind: IncidentChangeKind, payload: IncidentHookPayload, previousSystemIds?: readonly string[]) => Promise<void>;

/**
 * Holds emitHook (handed out only in afterPluginsReady) for the router.
 * Inside a request the events are written in its transaction, so subscribers
 * hear of a change only if it commits. Every change also tells status pages
 * which systems' content changed (the old and the new ones).
 */
export class IncidentEvents {
  private emitHook: EmitHook | undefined;

  attach(emitHook: EmitHook): void {
    this.emitHook = emitHook;
  }

  detach(): void {
    this.emitHook = undefined;
  }

  readonly announce: AnnounceIncidentChange = async (kind, payload, previousSystemIds = []) => {
    if (!this.emitHook) throw new UnavailableError("Incidents are still starting; try again shortly", { retryAfterSeconds: 1 });
    await this.emitHook(incidentHooks[kind], payload);
    const systemIds = [...new Set([...previousSystemIds, ...payload.systemIds])];
    await this.emitHook(statusPageContentChanged, { source: INCIDENT_PLUGIN_ID, systemIds });
  };
}
