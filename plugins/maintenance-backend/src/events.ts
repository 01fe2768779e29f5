import { statusPageContentChanged, UnavailableError, type EmitHook } from "@checkstack/backend-api";
import { maintenanceHooks, MAINTENANCE_PLUGIN_ID } from "@checkstack/maintenance-common";
import { hookPayload } from "./payloads";
import type { EndedByCancel } from "./window-service";

/**
 * Holds emitHook (handed out only in afterPluginsReady) for the router and
 * the ticker. Inside a request, events are written in its transaction.
 */
export class MaintenanceEvents {
  private emitHook: EmitHook | undefined;

  attach(emitHook: EmitHook): void {
    this.emitHook = emitHook;
  }

  detach(): void {
    this.emitHook = undefined;
  }

  /** The emitter, or a 503 while the plugin is still starting (a change then would go unannounced). */
  get emit(): EmitHook {
    if (!this.emitHook) throw new UnavailableError("Maintenance is still starting; try again shortly", { retryAfterSeconds: 1 });
    return this.emitHook;
  }

  /** A window scheduled, changed or cancelled: status pages refresh its systems; running occurrences that a cancel ended are announced. */
  async windowChanged(systemIds: readonly string[], ended: readonly EndedByCancel[] = []): Promise<void> {
    const emit = this.emit;
    for (const { occurrence, window } of ended) await emit(maintenanceHooks.ended, { ...hookPayload(occurrence, window), cancelled: true });
    await emit(statusPageContentChanged, { source: MAINTENANCE_PLUGIN_ID, systemIds: [...systemIds] });
  }
}
