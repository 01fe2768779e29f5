/**
 * The byte stream of one live connection, bounded: frames wait in the
 * stream's queue only until the socket takes them, and a client that lets
 * more than `maxQueuedBytes` pile up (a stalled tab, a slow link) is cut off
 * instead of growing this process's memory. Its EventSource reconnects and
 * resumes from its last event id.
 */
export class LiveStream {
  readonly body: ReadableStream<Uint8Array>;
  private controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  private ended = false;
  private readonly endListeners: Array<(reason: string) => void> = [];

  constructor(private readonly maxQueuedBytes: number) {
    this.body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        cancel: () => this.end("client disconnected", "none"),
      },
      { highWaterMark: maxQueuedBytes, size: (chunk) => chunk?.byteLength ?? 0 },
    );
  }

  get open(): boolean {
    return !this.ended;
  }

  onEnd(listener: (reason: string) => void): void {
    this.endListeners.push(listener);
  }

  /** Queues a frame; false (and the stream ended) when the client has fallen too far behind. */
  write(frame: Uint8Array): boolean {
    if (this.ended || !this.controller) return false;
    if ((this.controller.desiredSize ?? 0) - frame.byteLength < 0) {
      // Errored, not closed: the queued frames are dropped with it rather than held for a stalled client.
      this.end("client too slow: its buffer is full", "abort");
      return false;
    }
    this.controller.enqueue(frame);
    return true;
  }

  /** Ends the stream: what was queued is still sent, then the response ends. */
  end(reason: string, how: "close" | "abort" | "none" = "close"): void {
    if (this.ended) return;
    this.ended = true;
    try {
      if (how === "close") this.controller?.close();
      if (how === "abort") this.controller?.error(new Error(reason));
    } catch {
      // Already cancelled by the client.
    }
    for (const listener of this.endListeners.splice(0)) listener(reason);
  }
}
