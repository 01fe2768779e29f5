import { InputError, type InputIssue } from "@checkstack/backend-api";
import { DATE_RANGE_MESSAGE, isDateInRange } from "@checkstack/common";

/**
 * Checks every procedure input gets before anything (a middleware, the access
 * check, a handler, SQL) reads it. Contracts describe what each field means;
 * these describe what no field may ever be, whatever its schema says:
 * `z.unknown()` fields included, and whatever oRPC's `meta` revived.
 */

/** Deeper than any input a procedure takes; a 10,000-level assertion value is an attack, not data. */
export const MAX_INPUT_DEPTH = 64;
/** Above the largest legitimate body by far; the body is refused (413) before it is parsed. */
export const MAX_BODY_BYTES = 1024 * 1024;

function pathOf(path: readonly string[]): string {
  return path.join(".");
}

/** The first thing in `value` no procedure may receive, with its path, or undefined. */
export function findForbiddenInput(value: unknown, path: string[] = [], depth = 0): InputIssue | undefined {
  // Named by its top-level field: the full path of a 10,000-level value would drown the message.
  if (depth > MAX_INPUT_DEPTH) return { path: pathOf(path.slice(0, 1)), message: `nested deeper than ${MAX_INPUT_DEPTH} levels` };
  switch (typeof value) {
    case "string":
      // Postgres text cannot hold NUL: refused here rather than failing inside SQL as a 500.
      return value.includes("\u0000") ? { path: pathOf(path), message: "must not contain NUL characters (\\u0000)" } : undefined;
    case "number":
      return Number.isFinite(value) ? undefined : { path: pathOf(path), message: "must be a finite number" };
    case "bigint":
      return { path: pathOf(path), message: "BigInt values are not accepted; send a number or a string" };
    case "boolean":
    case "undefined":
      return undefined;
    case "object":
      return value === null ? undefined : findInObject(value, path, depth);
    default:
      return { path: pathOf(path), message: `${typeof value} values are not accepted` };
  }
}

/**
 * A plain record: `{}`, a null-prototype object, or one whose prototype is an
 * empty null-prototype object (the dictionaries oRPC's REST decoder builds
 * path parameters in).
 */
function isPlainRecord(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype === Object.prototype || prototype === null) return true;
  return typeof prototype === "object" && Object.getPrototypeOf(prototype) === null && Reflect.ownKeys(prototype).length === 0;
}

function findInObject(value: object, path: string[], depth: number): InputIssue | undefined {
  if (value instanceof Date) {
    return isDateInRange(value) ? undefined : { path: pathOf(path), message: DATE_RANGE_MESSAGE };
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const issue = findForbiddenInput(value[index], [...path, String(index)], depth + 1);
      if (issue) return issue;
    }
    return undefined;
  }
  // Maps, Sets, URLs, regular expressions and files revived from `meta`: no contract takes them.
  if (!isPlainRecord(value)) {
    const name = (value as { constructor?: { name?: string } }).constructor?.name ?? "Non-plain object";
    return { path: pathOf(path), message: `${name} values are not accepted; send plain JSON` };
  }
  for (const [key, entry] of Object.entries(value)) {
    if (key.includes("\u0000")) return { path: pathOf([...path, key.replaceAll("\u0000", "\\u0000")]), message: "keys must not contain NUL characters" };
    const issue = findForbiddenInput(entry, [...path, key], depth + 1);
    if (issue) return issue;
  }
  return undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * UUIDs compare as text in access decisions and row policies: an upper-cased
 * id must name the same thing (and get the same answer) as the lower-case one.
 */
function normalise(value: unknown): unknown {
  if (typeof value === "string") return UUID.test(value) ? value.toLowerCase() : value;
  if (Array.isArray(value)) return value.map(normalise);
  if (typeof value === "object" && value !== null && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, normalise(entry)]));
  }
  return value;
}

/**
 * The input a procedure may receive: throws the 400 naming the field if it
 * holds something no procedure may receive, else returns it with UUIDs
 * lower-cased.
 */
export function acceptInput(input: unknown): unknown {
  const issue = findForbiddenInput(input);
  if (issue) throw new InputError(issue.message, { path: issue.path || "input" });
  return normalise(input);
}
