import { Client, Metadata, status, type ServiceError } from "@grpc/grpc-js";
import { service as healthService } from "grpc-health-check";
import { z } from "zod";
import { defineHealthCheckStrategy, type HealthCheckResult, type HealthCheckRunContext } from "@checkstack/backend-api";
import { elapsedMs, startStrategyRun, timedOutResult } from "@checkstack/healthcheck-common/strategy-kit";
import { channelOptions, grpcTarget, RunCredentials } from "./channel-credentials";
import { grpcCheckConfigSchema, type GrpcCheckConfig } from "./config";
import { callErrorVerdict, servingVerdict } from "./health-verdict";

/** The Check method as grpc-health-check's copy of health.proto defines it (path and protobuf codecs). */
const checkMethod = healthService["Check"];

/** The decoded response (enums as names); anything else from the wire is a protocol error. */
const checkResponseSchema = z.object({ status: z.string() });
type CheckResponse = z.output<typeof checkResponseSchema>;

function callMetadata(config: GrpcCheckConfig): Metadata {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(config.secretMetadata ?? {})) metadata.set(key, value);
  return metadata;
}

export async function runGrpcCheck(config: GrpcCheckConfig, context?: HealthCheckRunContext): Promise<HealthCheckResult> {
  const run = startStrategyRun(context);
  if (run.signal.aborted) return timedOutResult(run);
  const method = checkMethod;
  if (!method) throw new Error("grpc-health-check no longer defines grpc.health.v1.Health/Check");
  const target = grpcTarget(config);
  const credentials = new RunCredentials(config);
  const client = new Client(target, credentials, channelOptions(config));
  // Cancelling fails the call at once; destroying the sockets is what closes the connection.
  const stop = () => credentials.destroySockets();
  run.signal.addEventListener("abort", stop, { once: true });
  try {
    const response = await new Promise<CheckResponse>((resolve, reject) => {
      const call = client.makeUnaryRequest<{ service: string }, CheckResponse>(
        method.path,
        method.requestSerialize,
        (buffer) => checkResponseSchema.parse(method.responseDeserialize(buffer)),
        { service: config.service },
        callMetadata(config),
        // The deadline also covers connecting: without it a call would wait for the channel indefinitely.
        { deadline: new Date(Date.now() + run.timeoutMs) },
        (error: ServiceError | null, value?: CheckResponse) => (error || !value ? reject(error ?? new Error("empty response")) : resolve(value)),
      );
      run.signal.addEventListener("abort", () => call.cancel(), { once: true });
    });
    return servingVerdict(config.service, response.status, elapsedMs(run));
  } catch (error) {
    // The call's deadline and the run's timeout are the same instant; whichever fires first, it is a timeout.
    if (run.signal.aborted || (isServiceError(error) && error.code === status.DEADLINE_EXCEEDED)) return timedOutResult(run, { service: config.service });
    if (isServiceError(error)) return callErrorVerdict(config.service, target, error, elapsedMs(run));
    throw error;
  } finally {
    run.signal.removeEventListener("abort", stop);
    client.close();
    credentials.destroySockets();
  }
}

function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === "number";
}

export const grpcStrategy = defineHealthCheckStrategy({
  id: "grpc",
  displayName: "gRPC health",
  description: "Calls grpc.health.v1.Health/Check (optionally for one service, optionally over TLS); healthy when the answer is SERVING.",
  configSchema: grpcCheckConfigSchema,
  execute: runGrpcCheck,
});
