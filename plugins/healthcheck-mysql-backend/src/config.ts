import { secret } from "@checkstack/backend-api";
import { hostSchema, portSchema } from "@checkstack/healthcheck-common/strategy-kit";
import { z } from "zod";

/** What a config may expect as the first column of the first row; compared as text (see query-result.ts). */
const scalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()], {
  error: "expectedFirstValue must be a string, number, boolean or null",
});

/**
 * Either a connectionString (all of it secret: it usually embeds the
 * password) or host + user with an optional secret password; the same shape
 * as the PostgreSQL strategy's config.
 */
export const mysqlCheckConfigSchema = z
  .object({
    connectionString: secret(
      z.string().trim().regex(/^(?:mysql|mariadb):\/\//, "connectionString must start with mysql:// or mariadb://"),
    )
      .optional()
      .describe("mysql://user:password@host:3306/database. Secret as a whole, since it usually holds the password. Use either this or host and user."),
    host: hostSchema.optional().describe("The server's hostname or IP address (instead of connectionString)."),
    port: portSchema.optional().describe("The server's port; 3306 when left out."),
    database: z.string().min(1, "database cannot be empty").optional().describe("The database to select; none when left out (SELECT 1 needs none)."),
    user: z.string().min(1, "user cannot be empty").optional().describe("The user to log in as; required with host."),
    password: secret(z.string()).optional().describe("The user's password. Secret: encrypted at rest and redacted."),
    ssl: z
      .enum(["disable", "require", "verify-full"], 'ssl must be "disable", "require" or "verify-full"')
      .default("disable")
      .describe("TLS: disable; require (encrypt, do not verify the certificate); verify-full (encrypt and verify the certificate and host name)."),
    ca: z
      .string()
      .includes("-----BEGIN CERTIFICATE-----", "ca must hold PEM certificates")
      .optional()
      .describe("With ssl verify-full: PEM certificates trusted instead of the system roots, for servers with a private CA."),
    query: z.string().trim().min(1, "query cannot be empty").default("SELECT 1").describe("The SQL statement to run; one statement."),
    expectedRowCount: z
      .int("expectedRowCount must be a whole number")
      .min(0, "expectedRowCount cannot be negative")
      .optional()
      .describe("When set, the query must return exactly this many rows (for statements without rows: affect this many)."),
    expectedFirstValue: scalarSchema
      .optional()
      .describe("When set, the first column of the first row must equal this value, compared as text (null matches only SQL NULL)."),
  })
  .superRefine((config, ctx) => {
    if (config.ca !== undefined && config.ssl !== "verify-full") {
      ctx.addIssue({ code: "custom", path: ["ca"], message: 'ca is only used with ssl "verify-full"' });
    }
    const hostFields = (["host", "port", "database", "user", "password"] as const).filter((field) => config[field] !== undefined);
    if (config.connectionString !== undefined) {
      for (const field of hostFields) {
        ctx.addIssue({ code: "custom", path: [field], message: `set either connectionString or ${field}, not both` });
      }
      return;
    }
    if (config.host === undefined) {
      ctx.addIssue({ code: "custom", path: ["host"], message: "set either connectionString or host and user" });
      return;
    }
    if (config.user === undefined) ctx.addIssue({ code: "custom", path: ["user"], message: "user is required with host" });
  });

export type MysqlCheckConfig = z.output<typeof mysqlCheckConfigSchema>;
