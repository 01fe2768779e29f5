import { describe, expect, test } from "bun:test";
import { createRecordingLogger } from "@checkstack/backend-api";
import { toCallerError } from "../rpc/rpc-errors";
import { isDatabaseUnavailable } from "./database-unavailable";
import { LogThrottle } from "./log-throttle";

const withCode = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});
const wrapped = (cause: Error) => new Error("Failed query: select 1", { cause });

describe("isDatabaseUnavailable", () => {
  test("a server that is down, restarting or cutting connections", () => {
    for (const error of [
      withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"),
      withCode("read ECONNRESET", "ECONNRESET"),
      withCode("terminating connection due to administrator command", "57P01"),
      withCode("the database system is starting up", "57P03"),
      withCode("connection failure", "08006"),
      new Error("Connection terminated unexpectedly"),
      new Error("timeout exceeded when trying to connect"),
      new Error("Client has encountered a connection error and is not queryable"),
      wrapped(withCode("terminating connection due to administrator command", "57P01")),
    ]) {
      expect(isDatabaseUnavailable(error)).toBe(true);
    }
  });

  test("not a statement's own failure", () => {
    for (const error of [withCode("duplicate key", "23505"), withCode("permission denied", "42501"), new Error("boom"), "text", undefined]) {
      expect(isDatabaseUnavailable(error)).toBe(false);
    }
  });
});

describe("a procedure failing because the database is away", () => {
  test("is a 503 logged as a warning, not a 500 logged as an error", () => {
    const logger = createRecordingLogger();
    const shaped = toCallerError(wrapped(withCode("read ECONNRESET", "ECONNRESET")), { requestId: "req-9", logger, path: ["demo", "list"] });
    expect(shaped.status).toBe(503);
    expect(shaped.code).toBe("SERVICE_UNAVAILABLE");
    expect(shaped.data).toEqual({ requestId: "req-9" });
    expect(logger.records.every((record) => record.level === "warn")).toBe(true);
  });
});

describe("LogThrottle", () => {
  test("one line per key and window; the next line counts what was held back", () => {
    const logger = createRecordingLogger();
    const throttle = new LogThrottle(60_000);
    for (let n = 0; n < 100; n++) throttle.warn(logger, "outage", "database unavailable");
    throttle.warn(logger, "other", "another kind");
    expect(logger.records.map((record) => record.message)).toEqual(["database unavailable", "another kind"]);
    const fresh = new LogThrottle(0);
    fresh.warn(logger, "k", "again");
    fresh.warn(logger, "k", "again");
    expect(logger.records.filter((record) => record.message === "again")).toHaveLength(2);
  });
});
