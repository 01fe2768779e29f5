import { UnavailableError, type EmitHook } from "@checkstack/backend-api";
import { statuspageHooks, type Page } from "@checkstack/statuspage-common";

/**
 * emitHook arrives in afterPluginsReady, after the router is mounted; a change made before then is
 * refused rather than left unannounced (other instances would keep serving the old page).
 */
export class PageEvents {
  private emitHook: EmitHook | undefined;

  attach(emitHook: EmitHook): void {
    this.emitHook = emitHook;
  }

  detach(): void {
    this.emitHook = undefined;
  }

  /** Inside a request the event is written in its transaction: instances hear of it only if it commits. */
  readonly announce = async (page: Page): Promise<void> => {
    if (!this.emitHook) throw new UnavailableError("Status pages are still starting; try again shortly", { retryAfterSeconds: 1 });
    await this.emitHook(statuspageHooks.pageChanged, { pageId: page.id, slug: page.slug });
  };
}
