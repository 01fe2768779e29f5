import type { Readiness } from "./http-app";

/**
 * The first phase of a SIGTERM: the instance keeps serving, but /readyz
 * answers 503 so the load balancer's health check takes it out of rotation,
 * and every response asks its client to close the connection, so no idle
 * keep-alive connection is left to be cut when the listener closes. Only
 * after SHUTDOWN_DRAIN_MS does the listener stop accepting.
 */
export class ShutdownDrain {
  private started = false;

  get draining(): boolean {
    return this.started;
  }

  begin(): void {
    this.started = true;
  }

  /** What /readyz reports while draining (undefined otherwise). */
  readiness(): Readiness | undefined {
    if (!this.started) return undefined;
    return { ready: false, checks: { shutdown: { ok: false, detail: "draining: this instance is stopping" } } };
  }

  /** Adds `Connection: close` while draining. */
  finish(response: Response): Response {
    if (!this.started) return response;
    try {
      response.headers.set("connection", "close");
      return response;
    } catch {
      // Immutable headers (a response passed through from fetch): copy them.
      const headers = new Headers(response.headers);
      headers.set("connection", "close");
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    }
  }
}
