import { InputError } from "@checkstack/backend-api";
import { MAX_BODY_BYTES } from "./input-guards";

/** What a request body turned out to be: a request to pass on (its body re-readable), or the caller's mistake. */
export type CheckedRequest = { request: Request } | { error: InputError; status: 400 | 413 };

const WRAPPER_KEYS = new Set(["json", "meta"]);

function tooLarge(): CheckedRequest {
  return { error: new InputError(`request body exceeds ${MAX_BODY_BYTES} bytes`), status: 413 };
}

/** The body read once (bounded by MAX_BODY_BYTES) and the request rebuilt around it, so it can be read again. */
async function readBounded(request: Request): Promise<{ request: Request; bytes: Uint8Array } | { request: Request } | { tooLarge: true }> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return { tooLarge: true };
  if (request.method === "GET" || request.method === "HEAD" || !request.body) return { request };
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_BODY_BYTES) return { tooLarge: true };
  return { request: new Request(request.url, { method: request.method, headers: request.headers, body: bytes }), bytes };
}

/** For REST: the body is the input itself, so only its size is the transport's business. */
export async function checkRestRequestBody(request: Request): Promise<CheckedRequest> {
  const read = await readBounded(request);
  return "tooLarge" in read ? tooLarge() : { request: read.request };
}

/**
 * Reads a JSON body (bounded) and checks it has the RPC protocol's envelope,
 * `{"json": <input>, "meta"?: [...]}`: a client that sends the input bare
 * is told so, instead of being told its whole input is undefined.
 */
export async function checkRequestBody(request: Request): Promise<CheckedRequest> {
  const read = await readBounded(request);
  if ("tooLarge" in read) return tooLarge();
  if (!("bytes" in read)) return { request: read.request };
  const { bytes, request: rebuilt } = read;
  if (!(request.headers.get("content-type") ?? "").toLowerCase().includes("json") || bytes.byteLength === 0) return { request: rebuilt };
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return { request: rebuilt }; // oRPC answers malformed JSON with its own 400
  }
  const isObject = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
  const stray = isObject ? Object.keys(parsed as object).filter((key) => !WRAPPER_KEYS.has(key)) : [];
  if (!isObject || stray.length > 0) {
    const found = isObject ? `an object with ${stray.slice(0, 5).map((key) => JSON.stringify(key)).join(", ")}` : Array.isArray(parsed) ? "an array" : `a ${parsed === null ? "null" : typeof parsed}`;
    return { error: new InputError(`request body must be {"json": <input>}; got ${found}`, { path: "body" }), status: 400 };
  }
  return { request: rebuilt };
}
