import { secret } from "@checkstack/backend-api";
import { z } from "zod";

/** What a config may expect as the first column of the first row; compared as text (see query-result.ts). */
const scalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()], {
  error: "expectedFirstValue must be a string, number, boolean or null",
});

/**
 * Either a connectionString (all of it secret: it usually embeds the
 * password) or host + database + user with an optional secret password.
 */
export const postgresCheckConfigSchema = z
  .object({
    connectionString: secret(
      z.string().trim().regex(/^postgres(?:ql)?:\/\//, "connectionString must start with postgres:// or postgresql://"),
    ).optional(),
    /** A hostname, an IP address, or the directory of a Unix socket (starting with "/"). */
    host: z.string().trim().min(1, "host cannot be empty").optional(),
    port: z.int().min(1, "port must be between 1 and 65535").max(65535, "port must be between 1 and 65535").optional(),
    database: z.string().min(1, "database cannot be empty").optional(),
    user: z.string().min(1, "user cannot be empty").optional(),
    password: secret(z.string()).optional(),
    /** For host-based configs; a connectionString takes its own sslmode parameter. */
    ssl: z.enum(["disable", "require", "verify-full"], 'ssl must be "disable", "require" or "verify-full"').optional(),
    query: z.string().trim().min(1, "query cannot be empty").default("SELECT 1"),
    expectedRowCount: z.int("expectedRowCount must be a whole number").min(0, "expectedRowCount cannot be negative").optional(),
    expectedFirstValue: scalarSchema.optional(),
  })
  .superRefine((config, ctx) => {
    const hostFields = (["host", "port", "database", "user", "password", "ssl"] as const).filter((field) => config[field] !== undefined);
    if (config.connectionString !== undefined) {
      for (const field of hostFields) {
        ctx.addIssue({ code: "custom", path: [field], message: `set either connectionString or ${field}, not both` });
      }
      return;
    }
    if (config.host === undefined) {
      ctx.addIssue({ code: "custom", path: ["host"], message: "set either connectionString or host, database and user" });
      return;
    }
    // pg would fall back to PG* environment variables and the OS user: surprising inside a server.
    for (const field of ["database", "user"] as const) {
      if (config[field] === undefined) ctx.addIssue({ code: "custom", path: [field], message: `${field} is required with host` });
    }
  });

export type PostgresCheckConfig = z.output<typeof postgresCheckConfigSchema>;
