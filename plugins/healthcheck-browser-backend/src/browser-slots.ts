/**
 * Caps how many browsers this instance runs at once: each Chromium takes a
 * few hundred MB and a core while it starts. Runs over the cap wait (the wait
 * counts against their timeout) in arrival order.
 */
export class BrowserSlots {
  private inUse = 0;
  private peakInUse = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`the browser cap must be a whole number of at least 1, got ${size}`);
  }

  /** Resolves with a release function once a slot is free; rejects if the signal aborts first. */
  acquire(signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) return Promise.reject(new Error("aborted"));
    if (this.inUse < this.size) return Promise.resolve(this.take());
    return new Promise<() => void>((resolve, reject) => {
      const grant = () => {
        signal.removeEventListener("abort", onAbort);
        resolve(this.take());
      };
      const onAbort = () => {
        const index = this.waiting.indexOf(grant);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(new Error("aborted"));
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  /** The most slots in use at once since this instance started (for tests and diagnostics). */
  get peak(): number {
    return this.peakInUse;
  }

  private take(): () => void {
    this.inUse++;
    this.peakInUse = Math.max(this.peakInUse, this.inUse);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inUse--;
      this.waiting.shift()?.();
    };
  }
}
