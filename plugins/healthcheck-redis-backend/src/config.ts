import { secret } from "@checkstack/backend-api";
import { hostSchema, portSchema } from "@checkstack/healthcheck-common/strategy-kit";
import { z } from "zod";

export const redisCheckConfigSchema = z
  .object({
    host: hostSchema.describe("The Redis server's hostname or IP address."),
    port: portSchema.default(6379).describe("The Redis server's port."),
    tls: z.boolean().default(false).describe("Connect with TLS (rediss)."),
    verifyTls: z.boolean().default(true).describe("With tls: refuse certificates that do not verify. When false, metadata.tlsAuthorized says whether it did."),
    ca: z
      .string()
      .includes("-----BEGIN CERTIFICATE-----", "ca must hold PEM certificates")
      .optional()
      .describe("With tls: PEM certificates trusted instead of the system roots, for servers with a private CA."),
    username: z.string().min(1, "username cannot be empty").optional().describe("The ACL user (Redis 6+); leave out for the default user."),
    password: secret(z.string().min(1, "password cannot be empty")).optional().describe("The password (requirepass or the ACL user's). Secret: encrypted at rest and redacted."),
    database: z.int("database must be a whole number").min(0, "database cannot be negative").max(1023).default(0).describe("The logical database selected before the command."),
    command: z
      .array(z.string().max(4096, "a command argument may be at most 4096 characters"), "command is a list of words, e.g. [\"GET\", \"health\"]")
      .min(1, "command needs at least the command name")
      .max(32, "command may have at most 32 words")
      .default(["PING"])
      .describe('The command and its arguments, one word per entry, e.g. ["GET", "health"]. PING when left out.'),
    expectedReply: z
      .string()
      .optional()
      .describe('When set, the reply, as text, must equal this (PING answers "PONG"; a missing key is "null"; lists are JSON).'),
  })
  .superRefine((config, ctx) => {
    if (config.ca !== undefined && !config.tls) ctx.addIssue({ code: "custom", path: ["ca"], message: "ca is only used with tls" });
    if (config.username !== undefined && config.password === undefined) {
      ctx.addIssue({ code: "custom", path: ["password"], message: "password is required with username" });
    }
    const name = config.command[0];
    if (name !== undefined && !/^[A-Za-z][A-Za-z0-9_|.-]*$/.test(name)) {
      ctx.addIssue({ code: "custom", path: ["command", 0], message: "the first word of command must be a command name, e.g. PING" });
    }
  });

export type RedisCheckConfig = z.output<typeof redisCheckConfigSchema>;
