/** Enough for any status page or JSON health document, without downloading large bodies on every run. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export interface BodyPrefix {
  text: string;
  truncated: boolean;
}

/** Reads at most `limit` bytes, then cancels the stream so the rest is never transferred. */
export async function readBodyPrefix(response: Response, limit = BODY_LIMIT_BYTES): Promise<BodyPrefix> {
  if (!response.body) return { text: "", truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let done = false;
  // Reading one chunk past the limit tells a body of exactly `limit` bytes from a longer one.
  while (!done && size <= limit) {
    const next = await reader.read();
    done = next.done;
    if (next.value) {
      chunks.push(next.value);
      size += next.value.byteLength;
    }
  }
  if (!done) await reader.cancel();
  const bytes = concat(chunks, Math.min(size, limit));
  // Always UTF-8: health endpoints and JSON are; a cut multi-byte character becomes U+FFFD.
  return { text: new TextDecoder("utf-8").decode(bytes), truncated: size > limit };
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    if (offset >= length) break;
    const part = chunk.subarray(0, length - offset);
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

export function isJsonContentType(contentType: string | null): boolean {
  if (!contentType) return false;
  return /^[\w.+-]+\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType);
}

/** undefined when the body is not valid JSON: the check still reports it as text. */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
