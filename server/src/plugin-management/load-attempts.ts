/**
 * Which plugins this instance tried to load, and which it could not install
 * (the runtime never saw those, so their failure is kept here to be
 * published). The reconciler does not retry a tried plugin on its own; an
 * announced install or enable clears the mark.
 */
export class LoadAttempts {
  /** Plugins this instance could not install (the runtime never saw them). */
  private readonly installFailures = new Map<string, { version: string; error: string }>();
  /** Plugins this instance tried to load since it last heard of them. */
  private readonly attempted = new Set<string>();

  markAttempted(pluginId: string): void {
    this.attempted.add(pluginId);
  }

  wasAttempted(pluginId: string): boolean {
    return this.attempted.has(pluginId);
  }

  /** Heard of again (an announced install or enable): it may be tried once more. */
  allowRetry(pluginId: string): void {
    this.attempted.delete(pluginId);
  }

  failed(pluginId: string, version: string, error: string): void {
    this.installFailures.set(pluginId, { version, error });
  }

  clearFailure(pluginId: string): void {
    this.installFailures.delete(pluginId);
  }

  /** Unloaded or removed here: nothing about it is remembered. */
  forget(pluginId: string): void {
    this.installFailures.delete(pluginId);
    this.attempted.delete(pluginId);
  }

  failures(): ReadonlyMap<string, { version: string; error: string }> {
    return this.installFailures;
  }
}
