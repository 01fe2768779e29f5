import { z } from "zod";
import { setUpDeployment } from "../../database/deployment-setup";

export interface DbCliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const DB_USAGE = `Usage: checkstack db init [--admin-url URL] [--database NAME] [--owner-password PASSWORD]

One-time database setup of a deployment, run with a PostgreSQL superuser (or a
login with CREATEROLE and CREATEDB). Creates, named after the database:
  checkstack_owner_<db>    the login the platform runs as (no superuser, CREATEROLE, CREATEDB, BYPASSRLS)
  checkstack_app_<db>      what requests run as (NOLOGIN, NOBYPASSRLS)
  checkstack_auditor_<db>  grant it to login roles that read the audit trail over SQL
the database (when missing, owned by the owner login), and limits CONNECT to
these roles. Safe to run again. Afterwards set DATABASE_URL to the printed
owner URL; the administrator's login is not needed by the platform.

  --admin-url       or CHECKSTACK_DB_ADMIN_URL: the administrator's URL (any database on the server)
  --database        or CHECKSTACK_DB_NAME: the deployment's database (default: checkstack)
  --owner-password  or CHECKSTACK_DB_OWNER_PASSWORD: the owner login's password (kept as is when omitted)
`;

const optionsSchema = z.object({
  adminUrl: z.string({ error: "--admin-url (or CHECKSTACK_DB_ADMIN_URL) is required" }).url("--admin-url must be a postgres:// URL"),
  database: z.string().min(1, "--database must not be empty").max(63, "--database must be at most 63 characters").default("checkstack"),
  ownerPassword: z.string().min(1, "--owner-password must not be empty").optional(),
});

const FLAGS: Record<string, "adminUrl" | "database" | "ownerPassword"> = {
  "--admin-url": "adminUrl",
  "--database": "database",
  "--owner-password": "ownerPassword",
};

function parseArgs(args: string[], env: NodeJS.ProcessEnv): z.infer<typeof optionsSchema> | string {
  const given: Record<string, string | undefined> = {
    adminUrl: env.CHECKSTACK_DB_ADMIN_URL || undefined,
    database: env.CHECKSTACK_DB_NAME || undefined,
    ownerPassword: env.CHECKSTACK_DB_OWNER_PASSWORD || undefined,
  };
  for (let index = 0; index < args.length; index++) {
    const [flag = "", inline] = (args[index] ?? "").split(/=(.*)/s, 2);
    const key = FLAGS[flag];
    if (!key) return `unknown argument ${flag}`;
    const value = inline ?? args[++index];
    if (value === undefined) return `${flag} needs a value`;
    given[key] = value;
  }
  const parsed = optionsSchema.safeParse(given);
  return parsed.success ? parsed.data : parsed.error.issues.map((issue) => issue.message).join("; ");
}

/** The URL as printed: the password replaced, so it does not end up in a terminal log. */
function redacted(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "PASSWORD";
  return parsed.toString();
}

/** `checkstack db <command>`. */
export async function runDbCli(args: string[], env: NodeJS.ProcessEnv, io: DbCliIo): Promise<number> {
  const [command, ...rest] = args;
  if (command === "--help" || command === "help") {
    io.stdout(DB_USAGE);
    return 0;
  }
  if (command !== "init") {
    io.stderr(command ? `checkstack db: unknown command ${command}\n\n${DB_USAGE}` : DB_USAGE);
    return 2;
  }
  const options = parseArgs(rest, env);
  if (typeof options === "string") {
    io.stderr(`checkstack db init: ${options}\n\n${DB_USAGE}`);
    return 2;
  }
  try {
    const setup = await setUpDeployment({ ...options, ownerPassword: options.ownerPassword });
    io.stdout(
      `Database "${options.database}" is set up.\n` +
        `  owner login: ${setup.roles.owner}\n  application role: ${setup.roles.app}\n  auditor role: ${setup.roles.auditor}\n` +
        `Run the platform with DATABASE_URL=${redacted(setup.ownerUrl)}\n`,
    );
    return 0;
  } catch (error) {
    io.stderr(`checkstack db init failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
