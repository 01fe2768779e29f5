import type { Server } from "bun";

/** One request as the fake received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  bodyText: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  json: unknown;
}

/** What the fake answers next, instead of accepting: scripted by a test. */
export type ScriptedAnswer =
  | { status: number; reason?: string }
  | { rateLimitedSeconds: number }
  | { hang: true }
  | { respond: (request: RecordedRequest) => Response };

/** How one provider behaves: what its documented API requires, and how it answers. */
export interface ProviderBehaviour {
  /** Problems with a request against the provider's documented API; [] when it is a valid request. */
  check(request: RecordedRequest): string[];
  /** The provider's answer to a valid request. */
  accept(request: RecordedRequest): Response;
  /** The provider's error answer for this status, in its own shape (also used for invalid requests, as 400). */
  fail(status: number, reason: string): Response;
  /** The provider's rate-limit answer (429) asking to wait this long. */
  rateLimited(seconds: number): Response;
}

/** A provider on 127.0.0.1 that records what it receives and answers as the real one does. */
export interface FakeProvider {
  /** http://127.0.0.1:<port>, without a trailing slash. */
  readonly url: string;
  readonly requests: ReadonlyArray<RecordedRequest>;
  /** Everything a received request got wrong; a test expects it empty. */
  readonly problems: ReadonlyArray<string>;
  /** Requests the client gave up on while the fake held them (see { hang: true }). */
  readonly abortedRequests: number;
  answerNext(answer: ScriptedAnswer): void;
  /** Forgets the requests, problems and scripted answers (between tests). */
  reset(): void;
  waitFor(condition: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Polls until the condition holds; fails naming what it waited for. Bounded, never a fixed sleep. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function record(request: Request): Promise<RecordedRequest> {
  const url = new URL(request.url);
  const bodyText = await request.text();
  let json: unknown;
  try {
    json = bodyText ? (JSON.parse(bodyText) as unknown) : undefined;
  } catch {
    json = undefined;
  }
  return { method: request.method, path: url.pathname, query: url.searchParams, headers: request.headers, bodyText, json };
}

export function startFakeProvider(behaviour: ProviderBehaviour): FakeProvider {
  const requests: RecordedRequest[] = [];
  const problems: string[] = [];
  const script: ScriptedAnswer[] = [];
  const releases = new Set<() => void>();
  let aborted = 0;

  const hold = (request: Request): Promise<Response> =>
    new Promise((resolve) => {
      const release = () => {
        releases.delete(release);
        resolve(new Response(null, { status: 503 }));
      };
      releases.add(release);
      request.signal.addEventListener("abort", () => {
        aborted++;
        release();
      });
    });

  const server: Server<undefined> = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const recorded = await record(request);
      requests.push(recorded);
      const found = behaviour.check(recorded);
      problems.push(...found);
      const scripted = script.shift();
      if (scripted) {
        if ("hang" in scripted) return hold(request);
        if ("respond" in scripted) return scripted.respond(recorded);
        if ("rateLimitedSeconds" in scripted) return behaviour.rateLimited(scripted.rateLimitedSeconds);
        return behaviour.fail(scripted.status, scripted.reason ?? "scripted failure");
      }
      if (found.length > 0) return behaviour.fail(400, found.join("; "));
      return behaviour.accept(recorded);
    },
  });

  return {
    url: `http://127.0.0.1:${server.port}`,
    requests,
    problems,
    get abortedRequests() {
      return aborted;
    },
    answerNext: (answer) => void script.push(answer),
    reset() {
      requests.length = 0;
      problems.length = 0;
      script.length = 0;
      aborted = 0;
    },
    waitFor: waitUntil,
    async stop() {
      for (const release of [...releases]) release();
      await server.stop(true);
    },
  };
}

/** The usual checks of a JSON API call: method, path and content type; more problems are added by the provider's own check. */
export function checkJsonCall(request: RecordedRequest, expected: { method: string; path: string | RegExp }): string[] {
  const problems: string[] = [];
  if (request.method !== expected.method) problems.push(`method must be ${expected.method}, was ${request.method}`);
  const pathOk = typeof expected.path === "string" ? request.path === expected.path : expected.path.test(request.path);
  if (!pathOk) problems.push(`path must be ${String(expected.path)}, was ${request.path}`);
  if (!(request.headers.get("content-type") ?? "").startsWith("application/json")) problems.push("content-type must be application/json");
  if (!request.headers.get("user-agent")) problems.push("a User-Agent is required");
  if (request.json === undefined || request.json === null || typeof request.json !== "object") problems.push("the body must be a JSON object");
  return problems;
}

/** The JSON body as a record, for providers' checks ({} when it is not an object; checkJsonCall reports that). */
export function bodyOf(request: RecordedRequest): Record<string, unknown> {
  return request.json && typeof request.json === "object" && !Array.isArray(request.json) ? (request.json as Record<string, unknown>) : {};
}

/** A JSON response, as most providers answer. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}
