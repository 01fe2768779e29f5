import { secret } from "@checkstack/backend-api";
import { z } from "zod";
import { hostSchema, portSchema } from "@checkstack/healthcheck-common/strategy-kit";

/** As `ssh-keygen -l` and OpenSSH's prompts print it: SHA256: and unpadded base64 of the key's SHA-256. */
export const FINGERPRINT_PATTERN = /^SHA256:[A-Za-z0-9+/]{43}$/;

/** Commands and their output are for probes, not transfers. */
export const OUTPUT_LIMIT_BYTES = 64 * 1024;

export const sshCheckConfigSchema = z
  .object({
    host: hostSchema.describe("Hostname or IP address of the SSH server"),
    port: portSchema.default(22).describe("Port of the SSH server"),
    hostKeyFingerprint: z
      .string()
      .trim()
      .regex(FINGERPRINT_PATTERN, 'hostKeyFingerprint must look like "SHA256:" followed by 43 base64 characters, as ssh-keygen -l prints it')
      .optional()
      .describe("Pinned host key (ssh-keygen -lf key.pub prints it); any other key makes the check unhealthy"),
    username: z
      .string()
      .min(1, "username cannot be empty")
      .max(256, "username may be at most 256 characters")
      .optional()
      .describe("User to log in as; without it the check stops after the key exchange (connect and host key only)"),
    password: secret(z.string().min(1, "password cannot be empty").max(1024, "password may be at most 1024 characters"))
      .optional()
      .describe("Password for password authentication (encrypted at rest, redacted)"),
    privateKey: secret(
      z.string().trim().includes("PRIVATE KEY-----", "privateKey must be a PEM or OpenSSH private key (-----BEGIN ... PRIVATE KEY-----)"),
    )
      .optional()
      .describe("Private key (OpenSSH or PEM format) for public key authentication (encrypted at rest, redacted)"),
    passphrase: secret(z.string().min(1, "passphrase cannot be empty"))
      .optional()
      .describe("Passphrase of an encrypted privateKey (encrypted at rest, redacted)"),
    command: z
      .string()
      .trim()
      .min(1, "command cannot be empty; leave it out to only log in")
      .max(4096, "command may be at most 4096 characters")
      .optional()
      .describe("Command to run after logging in; its exit code and output are checked"),
    expectedExitCode: z
      .int("expectedExitCode must be a whole number")
      .min(0, "expectedExitCode must be between 0 and 255")
      .max(255, "expectedExitCode must be between 0 and 255")
      .default(0)
      .describe("Exit code the command must end with"),
    expectedOutput: z
      .string()
      .min(1, "expectedOutput cannot be empty; leave it out to not check the output")
      .optional()
      .describe("Text the command's standard output must contain"),
  })
  .superRefine((config, ctx) => {
    const credentials = config.password !== undefined || config.privateKey !== undefined;
    if (credentials && config.username === undefined) {
      ctx.addIssue({ code: "custom", path: ["username"], message: "username is required with password or privateKey" });
    }
    if (config.username !== undefined && !credentials) {
      ctx.addIssue({ code: "custom", path: ["password"], message: "set password or privateKey to log in as username" });
    }
    if (config.passphrase !== undefined && config.privateKey === undefined) {
      ctx.addIssue({ code: "custom", path: ["passphrase"], message: "passphrase needs privateKey" });
    }
    if (config.command !== undefined && config.username === undefined) {
      ctx.addIssue({ code: "custom", path: ["command"], message: "command needs username and a password or privateKey" });
    }
    if (config.command === undefined && config.expectedOutput !== undefined) {
      ctx.addIssue({ code: "custom", path: ["expectedOutput"], message: "expectedOutput needs command" });
    }
  });

export type SshCheckConfig = z.output<typeof sshCheckConfigSchema>;
