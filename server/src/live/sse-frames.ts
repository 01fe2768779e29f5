/**
 * Server-sent events wire format (the HTML living standard's
 * text/event-stream): a frame is "field: value" lines ended by a blank line.
 * Data is JSON on one line, so it never needs splitting.
 */
const encoder = new TextEncoder();

export function eventFrame(name: string, data: unknown, id?: number): Uint8Array {
  const idLine = id === undefined ? "" : `id: ${id}\n`;
  return encoder.encode(`${idLine}event: ${name}\ndata: ${JSON.stringify(data ?? null)}\n\n`);
}

/** A comment line: ignored by EventSource, but it keeps proxies and idle timeouts from closing the stream. */
export function commentFrame(text: string): Uint8Array {
  return encoder.encode(`: ${text}\n\n`);
}

/** How long a browser waits before reconnecting after the stream ends. */
export function retryFrame(milliseconds: number): Uint8Array {
  return encoder.encode(`retry: ${milliseconds}\n\n`);
}
