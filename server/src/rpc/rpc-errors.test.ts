import { describe, expect, test } from "bun:test";
import { ORPCError } from "@orpc/server";
import { createRecordingLogger } from "@checkstack/backend-api";
import { toCallerError } from "./rpc-errors";

const context = () => ({ requestId: "req-1", logger: createRecordingLogger(), path: ["demo", "create"] as const });

/** pg's errors carry the SQLSTATE in `code`; drizzle wraps them with the pg error as `cause`. */
function drizzleFailure(code: string, message: string): Error {
  const pgError = Object.assign(new Error(message), { code });
  return new Error("Failed query: insert into ...", { cause: pgError });
}

describe("toCallerError", () => {
  test("a row refused by row-level security is a 403 naming the refusal, not a 500", () => {
    const shaped = toCallerError(drizzleFailure("42501", 'new row violates row-level security policy for table "systems"'), context());
    expect(shaped).toBeInstanceOf(ORPCError);
    expect(shaped.status).toBe(403);
    expect(shaped.message).toBe('Refused by row-level security: new row violates row-level security policy for table "systems"');
  });

  test("any other database failure is a 500 with the request id only, the details logged", () => {
    const calls = context();
    const shaped = toCallerError(drizzleFailure("XX000", "internal detail"), calls);
    expect(shaped.status).toBe(500);
    expect(shaped.message).not.toContain("internal detail");
    expect(shaped.data).toEqual({ requestId: "req-1" });
    expect(calls.logger.records.map((record) => record.message)).toEqual(["procedure failed"]);
  });
});
