import type { LiveEvent, LivePublication, Logger } from "@checkstack/backend-api";

interface Registered {
  pluginId: string;
  toEvents: (payload: unknown) => LiveEvent[];
}

/**
 * Which hooks feed the live stream and how their payloads become stream
 * events: registered by plugins through coreServices.liveEvents (and by the
 * platform itself), dropped when the plugin is unloaded.
 */
export class LivePublications {
  private readonly byHook = new Map<string, Registered[]>();

  constructor(private readonly logger: Logger) {}

  add<P>(pluginId: string, publication: LivePublication<P>): void {
    const registered: Registered = { pluginId, toEvents: (payload) => publication.toEvents(payload as P) };
    this.byHook.set(publication.hook.id, [...(this.byHook.get(publication.hook.id) ?? []), registered]);
  }

  removePlugin(pluginId: string): void {
    for (const [hookId, list] of this.byHook) {
      const kept = list.filter((entry) => entry.pluginId !== pluginId);
      if (kept.length > 0) this.byHook.set(hookId, kept);
      else this.byHook.delete(hookId);
    }
  }

  has(hookId: string): boolean {
    return this.byHook.has(hookId);
  }

  hookIds(): string[] {
    return [...this.byHook.keys()];
  }

  /** The stream events of one hook event; a publication that throws is logged and contributes nothing. */
  eventsOf(hookId: string, payload: unknown): LiveEvent[] {
    return (this.byHook.get(hookId) ?? []).flatMap((entry) => {
      try {
        return entry.toEvents(payload);
      } catch (error) {
        this.logger.warn("a live publication failed on an event; it is not streamed", { pluginId: entry.pluginId, hookId, error });
        return [];
      }
    });
  }
}
