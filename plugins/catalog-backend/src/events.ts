import { UnavailableError, type EmitHook } from "@checkstack/backend-api";
import { catalogHooks, type SystemHookPayload } from "@checkstack/catalog-common";

export type SystemChange = keyof typeof catalogHooks;

/** What the router needs to announce a change; a plain function so tests can record calls. */
export type AnnounceSystemChange = (change: SystemChange, payload: SystemHookPayload) => Promise<void>;

/**
 * emitHook is handed to plugins only in afterPluginsReady, after the router is
 * mounted in init. This holds it for the router. A change made before then is
 * refused rather than written unannounced: subscribers (health checks, status
 * pages) would otherwise miss it for good. The platform refuses requests
 * while it boots, so in practice this is reached only during a plugin reload.
 */
export class SystemEvents {
  private emitHook: EmitHook | undefined;

  attach(emitHook: EmitHook): void {
    this.emitHook = emitHook;
  }

  detach(): void {
    this.emitHook = undefined;
  }

  /**
   * Inside a request, the event is written in the request's transaction, so
   * subscribers hear of the change only if it commits.
   */
  readonly announce: AnnounceSystemChange = async (change, payload) => {
    if (!this.emitHook) throw new UnavailableError("The catalog is still starting; try again shortly", { retryAfterSeconds: 1 });
    await this.emitHook(catalogHooks[change], payload);
  };
}
