/** Enough rows to see what came back without storing a table dump with every run. */
export const METADATA_ROW_LIMIT = 10;

/** What a query strategy stores of a result: JSON. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** How one database's client spells what JSON has no type for. */
export interface QueryResultDialect {
  /** Binary values become hex behind this prefix, as the database's own shell prints them ("\\x" psql, "0x" mysql). */
  binaryPrefix: string;
  /** Databases without a boolean type (MySQL) answer 1/0 where the config expects true/false. */
  booleansAsBits: boolean;
}

/** The three operations a query strategy needs on rows, for one database's dialect. */
export interface QueryResultCodec {
  /** Dates become ISO strings, bigints strings, binary hex; everything else as JSON has it. */
  toJsonValue(value: unknown): JsonValue;
  /** Rows arrive as arrays (so duplicate column names survive) and are stored keyed by column name. */
  rowsAsObjects(columns: readonly string[], rows: unknown[][], limit?: number): Array<Record<string, JsonValue>>;
  /**
   * Compared as text, because the config is JSON and SQL types are not: an expected 1 matches an
   * integer 1 and a decimal "1". null matches only SQL NULL.
   */
  firstValueMatches(expected: string | number | boolean | null, actual: JsonValue | undefined): boolean;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The row helpers of a query strategy (postgres, mysql, …) for its database's dialect. */
export function queryResultCodec(dialect: QueryResultDialect): QueryResultCodec {
  const toJsonValue = (value: unknown): JsonValue => {
    if (value === null || value === undefined) return null;
    if (typeof value === "string" || typeof value === "boolean") return value;
    if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
    if (typeof value === "bigint") return value.toString();
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
    if (value instanceof Uint8Array) return `${dialect.binaryPrefix}${hex(value)}`;
    if (Array.isArray(value)) return value.map(toJsonValue);
    if (typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toJsonValue(item)]));
    return String(value);
  };
  return {
    toJsonValue,
    rowsAsObjects: (columns, rows, limit = METADATA_ROW_LIMIT) =>
      rows.slice(0, limit).map((row) => Object.fromEntries(columns.map((name, index) => [name, toJsonValue(row[index])]))),
    firstValueMatches: (expected, actual) => {
      if (expected === null || actual === null || actual === undefined) return expected === null && actual === null;
      const text = typeof actual === "object" ? JSON.stringify(actual) : String(actual);
      if (typeof expected === "boolean" && dialect.booleansAsBits) return text === String(expected) || text === (expected ? "1" : "0");
      return text === String(expected);
    },
  };
}
