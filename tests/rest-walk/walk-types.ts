/**
 * The REST walk (tests/rest-openapi.test.ts) calls every operation of the OpenAPI document once.
 * Each plugin's steps live in `<plugin>.walk.ts` beside this file; a plugin that adds a procedure
 * adds its step there, or the walk fails naming the operation nobody walked.
 */

/** Whose credentials a step sends: the admin's API key (the default where allowed), the admin's cookie, nobody, or another cookie. */
export type WalkAuth = "cookie" | "key" | "none" | { cookie: string };

/** One call: the operation's id, its input (path parameters, query, body) and who calls it. */
export interface WalkCall {
  operationId: string;
  path: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  auth?: WalkAuth;
  /** Another platform to call instead of the walked one, for an operation that answers 200 only in a state the walked one has left (first-run setup). */
  baseUrl?: string;
}

export interface WalkAnswer {
  status: number;
  body: unknown;
  headers: Headers;
}

/** What the walk shares between steps: ids made by one step are inputs of the next. */
export interface WalkContext {
  made: Record<string, string>;
  /** A TCP server on 127.0.0.1 that accepts and closes, for health checks. */
  tcpPort: number;
  /** A port on 127.0.0.1 nothing listens on: a TCP check against it fails, so its system turns unhealthy and alerts. */
  closedPort: number;
  /** A webhook receiver on 127.0.0.1: 204 to every path but /refuse, which answers 400 (a final failure for the sender). */
  webhookUrl(path: string): string;
  /** A second platform on its own empty database, booted without CHECKSTACK_ADMIN_EMAIL: no user yet, and the one-time setup token it logged. */
  setup: { url: string; token: string };
  /** A packed installable plugin ("greeter") for plugins.install. */
  greeterTarball: string;
  /** The last day, for history queries. */
  day: { from: string; to: string };
  /** Calls the platform over REST (the admin's API key unless told otherwise). */
  rest(method: string, path: string, options?: { body?: unknown; auth?: WalkAuth }): Promise<WalkAnswer>;
  /** Polls until `done` holds (bounded); returns the last value. */
  waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T>;
}

/** A step: the call it makes, and what to remember from the 200 answer. */
export interface WalkStep {
  call(context: WalkContext): WalkCall;
  after?(body: unknown, context: WalkContext): void | Promise<void>;
}

/** A plugin's part of the walk: steps that create and use, and steps run at the end in reverse plugin order. */
export interface PluginWalk {
  steps: WalkStep[];
  cleanup?: WalkStep[];
}

/** The id field of a 200 answer, stored under `key`. */
export function rememberId(key: string, field = "id"): WalkStep["after"] {
  return (body, context) => {
    context.made[key] = String((body as Record<string, unknown>)[field]);
  };
}

/** An id an earlier step made; a missing one is a walk-order bug, named. */
export function madeId(context: WalkContext, key: string): string {
  const id = context.made[key];
  if (id === undefined) throw new Error(`the walk has no "${key}" yet: a step that makes it must come first`);
  return id;
}
