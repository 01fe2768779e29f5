import { describe, expect, test } from "bun:test";
import { status } from "@grpc/grpc-js";
import { callErrorVerdict, grpcCodeName, servingVerdict } from "./health-verdict";

describe("grpc health verdicts", () => {
  test("only SERVING is healthy", () => {
    expect(servingVerdict("", "SERVING", 3)).toEqual({ healthy: true, latencyMs: 3, message: "the server is SERVING", metadata: { service: "", status: "SERVING", grpcCode: "OK" } });
    for (const answer of ["NOT_SERVING", "UNKNOWN", "SERVICE_UNKNOWN"]) {
      expect(servingVerdict("a.B", answer, 3)).toMatchObject({ healthy: false, message: `service "a.B" reports ${answer}` });
    }
  });

  test("call errors say what the health protocol means by them", () => {
    expect(callErrorVerdict("a.B", "h:1", { code: status.NOT_FOUND, details: "x" }, 1).message).toBe('h:1 does not know service "a.B" (NOT_FOUND)');
    expect(callErrorVerdict("", "h:1", { code: status.UNIMPLEMENTED, details: "x" }, 1).message).toBe("h:1 does not implement grpc.health.v1.Health (UNIMPLEMENTED)");
    expect(callErrorVerdict("", "h:1", { code: status.UNAVAILABLE, details: "No connection established. Last error: Error: boom. Resolution note: " }, 1)).toMatchObject({
      healthy: false,
      message: "health check against h:1 failed: UNAVAILABLE: No connection established. Last error: Error: boom",
      metadata: { grpcCode: "UNAVAILABLE", status: null },
    });
    expect(grpcCodeName(16)).toBe("UNAUTHENTICATED");
  });
});
