import { describe, expect, test } from "bun:test";
import { isSecretSchema } from "@checkstack/backend-api";
import { grpcCheckConfigSchema } from "./config";
import { channelOptions, grpcTarget, tlsOptions } from "./channel-credentials";

const issues = (input: unknown) =>
  grpcCheckConfigSchema.safeParse(input).error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) ?? [];

describe("grpc config", () => {
  test("defaults: plaintext, the server's overall health", () => {
    expect(grpcCheckConfigSchema.parse({ host: "10.1.2.3", port: 50051 })).toEqual({ host: "10.1.2.3", port: 50051, service: "", tls: false, insecureSkipVerify: false });
  });

  test("TLS settings need tls: true", () => {
    expect(issues({ host: "h", port: 1, ca: "-----BEGIN CERTIFICATE-----x", servername: "a.b", insecureSkipVerify: true })).toEqual([
      "ca: ca needs tls: true",
      "servername: servername needs tls: true",
      "insecureSkipVerify: insecureSkipVerify needs tls: true",
    ]);
    expect(issues({ host: "h", port: 1, tls: true, ca: "not pem" })).toEqual(["ca: ca must hold PEM certificates"]);
    expect(issues({ host: "h", port: 1, tls: true, clientCertificate: "-----BEGIN CERTIFICATE-----x" })).toEqual(["clientKey: clientCertificate and clientKey go together"]);
  });

  test("metadata keys gRPC would refuse are refused when saved", () => {
    const keyRule = "metadata keys must be lowercase letters, digits, '-', '_' or '.', not end in -bin nor start with grpc-";
    expect(issues({ host: "h", port: 1, secretMetadata: { Authorization: "x", "x-bin": "y", "grpc-timeout": "1", ok: "line\nbreak" } })).toEqual([
      "secretMetadata.ok: metadata values must be printable ASCII",
      `secretMetadata.Authorization: ${keyRule}`,
      `secretMetadata.x-bin: ${keyRule}`,
      `secretMetadata.grpc-timeout: ${keyRule}`,
    ]);
  });

  test("metadata values and the client key are secret, and every field is described for the form", () => {
    const record = grpcCheckConfigSchema.shape.secretMetadata.unwrap();
    expect(isSecretSchema(record.valueType)).toBe(true);
    expect(isSecretSchema(grpcCheckConfigSchema.shape.clientKey.unwrap())).toBe(true);
    for (const [field, schema] of Object.entries(grpcCheckConfigSchema.shape)) {
      expect({ field, description: schema.description }).toEqual({ field, description: expect.any(String) });
    }
  });

  test("targets and channel options", () => {
    const config = grpcCheckConfigSchema.parse({ host: "::1", port: 50051, tls: true, servername: "api.internal" });
    expect(grpcTarget(config)).toBe("[::1]:50051");
    expect(channelOptions(config)).toMatchObject({ "grpc.use_local_subchannel_pool": 1, "grpc.default_authority": "api.internal" });
    expect(tlsOptions(config)).toMatchObject({ servername: "api.internal", ALPNProtocols: ["h2"], rejectUnauthorized: true });
    // No SNI for an IP address (RFC 6066), but the certificate is still checked against it.
    expect(tlsOptions(grpcCheckConfigSchema.parse({ host: "10.0.0.1", port: 1, tls: true })).servername).toBeUndefined();
  });
});
