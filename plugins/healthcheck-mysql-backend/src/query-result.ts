/** Enough rows to see what came back without storing a table dump with every run. */
export const METADATA_ROW_LIMIT = 10;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Results are stored as JSON. Dates and big numbers already arrive as text
 * (see connection-options.ts); binary columns become "0x…" hex as the mysql
 * client prints them.
 */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (Buffer.isBuffer(value)) return `0x${value.toString("hex")}`;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toJsonValue(item)]));
  return String(value);
}

/** Rows arrive as arrays (so duplicate column names survive) and are stored keyed by column name. */
export function rowsAsObjects(columns: string[], rows: unknown[][], limit = METADATA_ROW_LIMIT): Array<Record<string, JsonValue>> {
  return rows.slice(0, limit).map((row) => Object.fromEntries(columns.map((name, index) => [name, toJsonValue(row[index])])));
}

/**
 * Compared as text, because the config is JSON and SQL types are not: an
 * expected 1 matches an INT 1 and a DECIMAL "1"; true matches 1 only as
 * text "true" would, so booleans are compared with 1/0 too (MySQL has none).
 */
export function firstValueMatches(expected: string | number | boolean | null, actual: JsonValue | undefined): boolean {
  if (expected === null || actual === null || actual === undefined) return expected === null && actual === null;
  const text = typeof actual === "object" ? JSON.stringify(actual) : String(actual);
  if (typeof expected === "boolean") return text === String(expected) || text === (expected ? "1" : "0");
  return text === String(expected);
}
