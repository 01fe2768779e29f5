import type { z } from "zod";

/**
 * Domain errors: what plugins and platform code throw when a request cannot
 * be served. They say what went wrong and where (a field path), nothing about
 * transports; the RPC layer alone turns them into HTTP answers (400, 401, 403,
 * 404, 409, 429, 503). Anything else thrown is a fault of the server: a 500
 * whose details go to the log only.
 */

/**
 * The kind of refusal, spelled as callers read it in the error body's `code`,
 * so in-process callers and HTTP clients compare the same string.
 */
export type DomainErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "TOO_MANY_REQUESTS"
  | "SERVICE_UNAVAILABLE";

/**
 * The HTTP status of each kind of domain error: the only place the two are tied. The RPC and REST
 * layer answers with it; a plugin's own HTTP route that renders its own page (not JSON) reads it here.
 */
export const HTTP_STATUS_OF: Readonly<Record<DomainErrorCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
};

/** One problem with the input: `path` is the dotted field path ("" for the input as a whole). */
export interface InputIssue {
  path: string;
  message: string;
}

/** Marks domain errors across copies of this package (a runtime-installed plugin may bundle its own). */
const DOMAIN_ERROR = Symbol.for("checkstack.domain-error");

/** What every domain error may carry besides its message. */
export interface DomainErrorOptions {
  /** Details callers may read (they are sent to them): never secrets, never internals. */
  data?: Record<string, unknown>;
  cause?: unknown;
}

/** The base of every domain error; `code` says which kind it is. */
export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  readonly data: Record<string, unknown> | undefined;
  readonly [DOMAIN_ERROR] = true;

  constructor(message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.data = options.data;
  }
}

/** True for a DomainError, also one made by another copy of this package. */
export function isDomainError(error: unknown): error is DomainError {
  return typeof error === "object" && error !== null && (error as { [DOMAIN_ERROR]?: unknown })[DOMAIN_ERROR] === true;
}

function joinPath(path: ReadonlyArray<PropertyKey | { key: PropertyKey }> | string | undefined): string {
  if (path === undefined) return "";
  if (typeof path === "string") return path;
  return path.map((segment) => String(typeof segment === "object" ? segment.key : segment)).join(".");
}

/** "path: message", or the message alone for the input as a whole. */
export function describeIssue(issue: InputIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

/** The input is wrong: the message names the field (`path`), and `issues` lists every problem found. */
export class InputError extends DomainError {
  readonly code = "BAD_REQUEST";
  readonly issues: InputIssue[];

  /**
   * `new InputError("must not exceed the interval", { path: "timeoutMs" })`
   * reads "timeoutMs: must not exceed the interval".
   */
  constructor(message: string, options: DomainErrorOptions & { path?: ReadonlyArray<PropertyKey> | string; issues?: InputIssue[] } = {}) {
    const path = joinPath(options.path);
    const issues = options.issues ?? [{ path, message }];
    super(path ? `${path}: ${message}` : message, options);
    this.issues = issues;
  }

  /** From schema issues (zod or any Standard Schema); `prefix` says what was parsed, e.g. "Invalid input". */
  static fromIssues(
    prefix: string,
    issues: ReadonlyArray<{ path?: ReadonlyArray<PropertyKey | { key: PropertyKey }> | undefined; message: string }>,
    options: DomainErrorOptions & { basePath?: string } = {},
  ): InputError {
    const base = options.basePath ?? "";
    const summary = issues.map((issue) => {
      const path = joinPath(issue.path);
      return { path: base && path ? `${base}.${path}` : base || path, message: issue.message };
    });
    const shown = summary.slice(0, 3).map(describeIssue).join("; ");
    return new InputError(`${prefix}: ${shown}`, { ...options, issues: summary });
  }
}

/** The caller is not signed in, or its credentials are wrong. */
export class UnauthorizedError extends DomainError {
  readonly code = "UNAUTHORIZED";
}

/** The caller is known but may not do this; say which rule or resource is missing. */
export class ForbiddenError extends DomainError {
  readonly code = "FORBIDDEN";
}

/** The thing named does not exist (or the caller may not know it does). */
export class NotFoundError extends DomainError {
  readonly code = "NOT_FOUND";
}

/** The request clashes with the current state (a duplicate name, a concurrent change). */
export class ConflictError extends DomainError {
  readonly code = "CONFLICT";
}

/** Too many attempts: `retryAfterSeconds` is sent as the Retry-After header and in the error data. */
export class RateLimitedError extends DomainError {
  readonly code = "TOO_MANY_REQUESTS";
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number, options: DomainErrorOptions = {}) {
    super(message, { ...options, data: { ...options.data, retryAfterSeconds } });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Not now (starting, a dependency is down); `retryAfterSeconds`, when known, becomes Retry-After. */
export class UnavailableError extends DomainError {
  readonly code = "SERVICE_UNAVAILABLE";
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, options: DomainErrorOptions & { retryAfterSeconds?: number } = {}) {
    const { retryAfterSeconds } = options;
    super(message, retryAfterSeconds === undefined ? options : { ...options, data: { ...options.data, retryAfterSeconds } });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * Parses a value with zod; a failure is the caller's fault, an InputError
 * listing the issues ("Invalid <what>: path: message; ...").
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw InputError.fromIssues(`Invalid ${what}`, parsed.error.issues);
}
