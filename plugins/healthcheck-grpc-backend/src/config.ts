import { secret } from "@checkstack/backend-api";
import { z } from "zod";
import { HOSTNAME_PATTERN, hostSchema, portSchema } from "@checkstack/healthcheck-common/strategy-kit";

/**
 * gRPC metadata keys are lowercase ASCII; "-bin" keys carry binary values and
 * "grpc-" keys are reserved by the protocol, so neither belongs in a config.
 */
const METADATA_KEY = /^[0-9a-z_.-]+$/;
const metadataValueSchema = z.string().refine((value) => /^[\x20-\x7e]*$/.test(value), "metadata values must be printable ASCII");

export const grpcCheckConfigSchema = z
  .object({
    host: hostSchema.describe("Hostname or IP address of the gRPC server"),
    port: portSchema.describe("Port of the gRPC server"),
    service: z
      .string()
      .trim()
      .max(200, "service may be at most 200 characters")
      .default("")
      .describe('Service name to ask about (e.g. "package.Service"); empty asks for the server\'s overall health'),
    tls: z.boolean().default(false).describe("Connect over TLS instead of plaintext HTTP/2"),
    ca: z
      .string()
      .includes("-----BEGIN CERTIFICATE-----", "ca must hold PEM certificates")
      .optional()
      .describe("PEM certificates trusted instead of the system roots (TLS only), for services behind a private CA"),
    servername: z
      .string()
      .trim()
      .regex(HOSTNAME_PATTERN, "servername must be a DNS name")
      .optional()
      .describe("Name sent as SNI and matched against the certificate (TLS only); defaults to host"),
    insecureSkipVerify: z
      .boolean()
      .default(false)
      .describe("Accept any certificate, even self-signed or for another name (TLS only); the connection is still encrypted"),
    clientCertificate: z
      .string()
      .includes("-----BEGIN CERTIFICATE-----", "clientCertificate must be a PEM certificate")
      .optional()
      .describe("PEM client certificate (and its chain) for servers that require mutual TLS (TLS only)"),
    clientKey: secret(z.string().includes("PRIVATE KEY-----", "clientKey must be a PEM private key"))
      .optional()
      .describe("PEM private key of clientCertificate (encrypted at rest, redacted)"),
    secretMetadata: z
      .record(z.string(), secret(metadataValueSchema))
      .optional()
      .describe("Call metadata sent with the check, e.g. authorization; values are encrypted at rest and redacted"),
  })
  .superRefine((config, ctx) => {
    if (!config.tls) {
      for (const field of ["ca", "servername", "clientCertificate", "clientKey"] as const) {
        if (config[field] !== undefined) ctx.addIssue({ code: "custom", path: [field], message: `${field} needs tls: true` });
      }
      if (config.insecureSkipVerify) ctx.addIssue({ code: "custom", path: ["insecureSkipVerify"], message: "insecureSkipVerify needs tls: true" });
    }
    if ((config.clientCertificate === undefined) !== (config.clientKey === undefined)) {
      const field = config.clientCertificate === undefined ? "clientCertificate" : "clientKey";
      ctx.addIssue({ code: "custom", path: [field], message: "clientCertificate and clientKey go together" });
    }
    // Checked here rather than in the record's key schema: zod reports a bad key only as "Invalid key".
    for (const key of Object.keys(config.secretMetadata ?? {})) {
      if (!METADATA_KEY.test(key) || key.endsWith("-bin") || key.startsWith("grpc-")) {
        ctx.addIssue({
          code: "custom",
          path: ["secretMetadata", key],
          message: "metadata keys must be lowercase letters, digits, '-', '_' or '.', not end in -bin nor start with grpc-",
        });
      }
    }
  });

export type GrpcCheckConfig = z.output<typeof grpcCheckConfigSchema>;
