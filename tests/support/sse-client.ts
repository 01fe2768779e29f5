/** One server-sent event as received, with the moment it arrived (performance.now()). */
export interface ReceivedEvent {
  id: string | undefined;
  event: string;
  data: unknown;
  at: number;
}

/**
 * A minimal text/event-stream reader over fetch, as a browser's EventSource
 * reads the stream (without its automatic reconnect, which tests drive
 * themselves with Last-Event-ID). Comments (heartbeats) are counted.
 */
export class SseClient {
  readonly events: ReceivedEvent[] = [];
  comments = 0;
  ended = false;
  private readonly waiters = new Set<() => void>();
  private readonly controller = new AbortController();

  private constructor(readonly response: Response) {}

  static async connect(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const controller = new AbortController();
    const response = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: controller.signal });
    const client = new SseClient(response);
    client.controller.signal.addEventListener("abort", () => controller.abort());
    if (response.status === 200 && response.body) void client.read(response.body);
    else client.ended = true;
    return client;
  }

  get status(): number {
    return this.response.status;
  }

  /** The id of the last event that carried one: what EventSource would send as Last-Event-ID. */
  get lastEventId(): string | undefined {
    return [...this.events].reverse().find((event) => event.id !== undefined)?.id;
  }

  named(name: string): ReceivedEvent[] {
    return this.events.filter((event) => event.event === name);
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          this.parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\n\n");
        }
      }
    } catch {
      // Aborted by close(), or the server cut the connection: either way the stream has ended.
    }
    this.ended = true;
    this.notify();
  }

  private parse(frame: string): void {
    const at = performance.now();
    let id: string | undefined;
    let event = "message";
    const data: string[] = [];
    for (const line of frame.split("\n")) {
      if (line.startsWith(":")) {
        this.comments++;
        continue;
      }
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "id") id = value;
      else if (field === "event") event = value;
      else if (field === "data") data.push(value);
    }
    if (data.length > 0) this.events.push({ id, event, data: JSON.parse(data.join("\n")) as unknown, at });
    this.notify();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Resolves once `condition` holds (checked on every frame); rejects after `timeoutMs`. */
  waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (condition()) finish(resolve);
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`${what}: not within ${timeoutMs} ms; received ${JSON.stringify(this.events.map((event) => event.event))}`))), timeoutMs);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }

  close(): void {
    this.controller.abort();
  }
}
