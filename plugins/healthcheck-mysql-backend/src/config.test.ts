import { isSecretSchema } from "@checkstack/backend-api";
import { describe, expect, test } from "bun:test";
import { mysqlCheckConfigSchema } from "./config";
import { firstValueMatches, toJsonValue } from "./query-result";

const issues = (input: unknown) => mysqlCheckConfigSchema.safeParse(input).error?.issues.map((issue) => issue.message) ?? [];

describe("mysql check config", () => {
  test("marks the connection string and the password as secrets; every field is described", () => {
    const { shape } = mysqlCheckConfigSchema;
    expect(isSecretSchema(shape.connectionString.unwrap())).toBe(true);
    expect(isSecretSchema(shape.password.unwrap())).toBe(true);
    expect(isSecretSchema(shape.user.unwrap())).toBe(false);
    for (const [name, field] of Object.entries(shape)) expect({ name, description: field.description }).toEqual({ name, description: expect.any(String) });
  });

  test("defaults the query to SELECT 1", () => {
    expect(mysqlCheckConfigSchema.parse({ connectionString: "mysql://u@h/db" }).query).toBe("SELECT 1");
  });

  test("config errors are clear", () => {
    expect(issues({})).toEqual(["set either connectionString or host and user"]);
    expect(issues({ host: "db" })).toEqual(["user is required with host"]);
    expect(issues({ connectionString: "mysql://x/y", host: "db" })).toEqual(["set either connectionString or host, not both"]);
    expect(issues({ connectionString: "postgres://x/y" })).toEqual(["connectionString must start with mysql:// or mariadb://"]);
    expect(issues({ host: "db", user: "u", ca: "-----BEGIN CERTIFICATE-----" })).toEqual(['ca is only used with ssl "verify-full"']);
  });
});

describe("result values", () => {
  test("become JSON", () => {
    expect(toJsonValue(Buffer.from([0xde, 0xad]))).toBe("0xdead");
    expect(toJsonValue(12n)).toBe("12");
    expect(toJsonValue({ a: [1, null] })).toEqual({ a: [1, null] });
  });

  test("first values compare as text; booleans also as 1/0", () => {
    expect(firstValueMatches(1, "1")).toBe(true);
    expect(firstValueMatches(true, 1)).toBe(true);
    expect(firstValueMatches(false, 0)).toBe(true);
    expect(firstValueMatches(null, null)).toBe(true);
    expect(firstValueMatches(null, "null")).toBe(false);
    expect(firstValueMatches("x", undefined)).toBe(false);
  });
});
