import { outsideDbScope } from "../database/db-scope";

/**
 * Runs work one piece after another, outside any request's transaction: every
 * change to this instance's runtime goes through one queue, so loads and
 * unloads never interleave. After stop() nothing new is accepted.
 */
export class SerialQueue {
  private queue: Promise<unknown> = Promise.resolve();
  private stopping = false;

  get stopped(): boolean {
    return this.stopping;
  }

  /** Runs `work` after everything queued earlier; a failure is the caller's and does not stop the queue. */
  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.stopping) return Promise.reject(new Error("this instance is stopping; its plugins are no longer changed"));
    const next = this.queue.then(() => outsideDbScope(work));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Waits for the queued work to finish; nothing queued afterwards runs. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.queue;
  }
}
