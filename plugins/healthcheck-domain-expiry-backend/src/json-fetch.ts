/** RDAP answers are a few KiB; the IANA bootstrap file is ~100 KiB. Anything far larger is not one of them. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export class HttpStatusError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${url} answered HTTP ${status}`);
  }
}

async function readLimited(response: Response, limit: number): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new Error(`response larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * GETs a JSON document. The signal aborts the request and closes its
 * connection; a non-2xx status throws HttpStatusError carrying the parsed
 * body (RDAP servers explain errors in JSON).
 */
export async function fetchJson(url: string, signal: AbortSignal): Promise<unknown> {
  const response = await fetch(url, { signal, headers: { accept: "application/rdap+json, application/json" }, redirect: "follow" });
  const text = await readLimited(response, MAX_BODY_BYTES);
  let body: unknown;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    if (response.ok) throw new Error(`${url} did not answer JSON`);
  }
  if (!response.ok) throw new HttpStatusError(url, response.status, body);
  return body;
}
