import { isSecretSchema } from "@checkstack/backend-api";
import { describe, expect, test } from "bun:test";
import { postgresCheckConfigSchema } from "./config";
import { firstValueMatches, toJsonValue } from "./query-result";

describe("postgres check config", () => {
  test("marks the connection string and the password as secrets", () => {
    const { shape } = postgresCheckConfigSchema;
    expect(isSecretSchema(shape.connectionString.unwrap())).toBe(true);
    expect(isSecretSchema(shape.password.unwrap())).toBe(true);
    expect(isSecretSchema(shape.user.unwrap())).toBe(false);
  });

  test("defaults the query to SELECT 1", () => {
    expect(postgresCheckConfigSchema.parse({ connectionString: "postgres://u@h/db" }).query).toBe("SELECT 1");
  });
});

describe("result values", () => {
  test("become JSON", () => {
    expect(toJsonValue(new Date("2026-01-02T03:04:05Z"))).toBe("2026-01-02T03:04:05.000Z");
    expect(toJsonValue(Buffer.from([0xde, 0xad]))).toBe("\\xdead");
    expect(toJsonValue(12n)).toBe("12");
    expect(toJsonValue({ a: [1, null] })).toEqual({ a: [1, null] });
  });

  test("first values compare as text, null only with NULL", () => {
    expect(firstValueMatches(1, 1)).toBe(true);
    expect(firstValueMatches("1", 1)).toBe(true);
    expect(firstValueMatches(true, true)).toBe(true);
    expect(firstValueMatches(null, null)).toBe(true);
    expect(firstValueMatches(null, "null")).toBe(false);
    expect(firstValueMatches("x", undefined)).toBe(false);
  });
});
