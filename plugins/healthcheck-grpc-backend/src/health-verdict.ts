import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import type { HealthCheckResult } from "@checkstack/backend-api";

/** grpc.health.v1.HealthCheckResponse.ServingStatus, as the proto loader decodes it (enums as strings). */
export type ServingStatus = "UNKNOWN" | "SERVING" | "NOT_SERVING" | "SERVICE_UNKNOWN";

const serviceLabel = (service: string) => (service === "" ? "the server" : `service ${JSON.stringify(service)}`);

/** The name of a gRPC status code, e.g. 5 → "NOT_FOUND". */
export function grpcCodeName(code: number): string {
  return GrpcStatus[code] ?? `code ${code}`;
}

/** A response: only SERVING is healthy. */
export function servingVerdict(service: string, status: ServingStatus | string, latencyMs: number): HealthCheckResult {
  const metadata = { service, status, grpcCode: "OK" };
  if (status === "SERVING") return { healthy: true, latencyMs, message: `${serviceLabel(service)} is SERVING`, metadata };
  return { healthy: false, latencyMs, message: `${serviceLabel(service)} reports ${status}`, metadata };
}

/** grpc-js ends connection errors with an empty "Resolution note: " when name resolution had nothing to say. */
function readableDetails(details: string): string {
  return details.replace(/\.? Resolution note: ?$/, "");
}

/** A failed call, explained by its gRPC status (the health protocol gives NOT_FOUND and UNIMPLEMENTED their own meaning). */
export function callErrorVerdict(service: string, target: string, error: Pick<ServiceError, "code" | "details">, latencyMs: number): HealthCheckResult {
  const grpcCode = grpcCodeName(error.code);
  const metadata = { service, status: error.code === GrpcStatus.NOT_FOUND ? "SERVICE_UNKNOWN" : null, grpcCode };
  const message =
    error.code === GrpcStatus.NOT_FOUND
      ? `${target} does not know ${serviceLabel(service)} (NOT_FOUND)`
      : error.code === GrpcStatus.UNIMPLEMENTED
        ? `${target} does not implement grpc.health.v1.Health (UNIMPLEMENTED)`
        : `health check against ${target} failed: ${grpcCode}: ${readableDetails(error.details)}`;
  return { healthy: false, latencyMs, message, metadata };
}
