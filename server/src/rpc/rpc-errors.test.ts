import { describe, expect, test } from "bun:test";
import { ORPCError } from "@orpc/server";
import { z } from "zod";
import {
  ConflictError,
  createRecordingLogger,
  ForbiddenError,
  InputError,
  NotFoundError,
  parseInput,
  RateLimitedError,
  UnauthorizedError,
  UnavailableError,
} from "@checkstack/backend-api";
import { retryAfterOf, toCallerError } from "./rpc-errors";

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

describe("toCallerError: domain errors", () => {
  test("each kind maps to its status, keeping the message and adding the request id", () => {
    const cases: Array<[Error, number, string]> = [
      [new InputError("must be positive", { path: ["limits", "max"] }), 400, "BAD_REQUEST"],
      [new UnauthorizedError("Sign in"), 401, "UNAUTHORIZED"],
      [new ForbiddenError("requires access rule demo.item.read"), 403, "FORBIDDEN"],
      [new NotFoundError("No item x"), 404, "NOT_FOUND"],
      [new ConflictError("Name taken"), 409, "CONFLICT"],
      [new RateLimitedError("Slow down", 30), 429, "TOO_MANY_REQUESTS"],
      [new UnavailableError("Starting", { retryAfterSeconds: 2 }), 503, "SERVICE_UNAVAILABLE"],
    ];
    for (const [error, status, code] of cases) {
      const calls = context();
      const shaped = toCallerError(error, calls);
      expect({ status: shaped.status, code: shaped.code, message: shaped.message }).toEqual({ status, code, message: error.message });
      expect((shaped.data as { requestId?: string }).requestId).toBe("req-1");
      expect(calls.logger.records).toEqual([]);
    }
  });

  test("an input error names the field in its message and lists it in data.issues", () => {
    const shaped = toCallerError(new InputError("cannot exceed the interval (60000 ms)", { path: "timeoutMs" }), context());
    expect(shaped.message).toBe("timeoutMs: cannot exceed the interval (60000 ms)");
    expect(shaped.data).toEqual({ requestId: "req-1", issues: [{ path: "timeoutMs", message: "cannot exceed the interval (60000 ms)" }] });
  });

  test("a domain error from another copy of the SDK is recognised by its brand, not its class", () => {
    const foreign = Object.assign(new Error("No such thing"), { code: "NOT_FOUND", [Symbol.for("checkstack.domain-error")]: true });
    expect(toCallerError(foreign, context()).status).toBe(404);
  });

  test("rate limits and unavailability carry the seconds to wait, for Retry-After", () => {
    expect(retryAfterOf(toCallerError(new RateLimitedError("Slow down", 30), context()))).toBe(30);
    expect(retryAfterOf(toCallerError(new UnavailableError("Starting", { retryAfterSeconds: 2 }), context()))).toBe(2);
    expect(retryAfterOf(toCallerError(new NotFoundError("gone"), context()))).toBeUndefined();
  });

  test("parseInput: a zod failure is an InputError listing every issue by path", () => {
    const schema = z.object({ name: z.string().min(1), limits: z.object({ max: z.number() }) });
    let caught: unknown;
    try {
      parseInput(schema, { name: "", limits: { max: "x" } }, "settings");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).issues.map((issue) => issue.path)).toEqual(["name", "limits.max"]);
    expect((caught as InputError).message).toStartWith("Invalid settings: name: ");
  });
});
