import type { FieldDef } from "pg";

/** Enough rows to see what came back without storing a table dump with every run. */
export const METADATA_ROW_LIMIT = 10;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Results are stored as JSON: dates become ISO strings, bytea becomes "\x…"
 * hex as psql prints it, and bigints (which pg only returns when a custom
 * parser asks for them) become strings.
 */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString("hex")}`;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toJsonValue(item)]));
  }
  return String(value);
}

/** Rows arrive as arrays (so duplicate column names survive for firstValue) and are keyed by name for metadata. */
export function rowsAsObjects(fields: FieldDef[], rows: unknown[][], limit = METADATA_ROW_LIMIT): Array<Record<string, JsonValue>> {
  return rows.slice(0, limit).map((row) => Object.fromEntries(fields.map((field, index) => [field.name, toJsonValue(row[index])])));
}

/**
 * Compared as text, because the config is JSON and pg's types are not: an
 * expected 1 matches an int4 1 and a numeric "1", true matches a boolean
 * true. null matches only SQL NULL.
 */
export function firstValueMatches(expected: string | number | boolean | null, actual: JsonValue | undefined): boolean {
  if (expected === null || actual === null || actual === undefined) return expected === null && actual === null;
  const text = typeof actual === "object" ? JSON.stringify(actual) : String(actual);
  return text === String(expected);
}
