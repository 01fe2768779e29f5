import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

const emptyAsUndefined = (value: unknown) => (value === "" ? undefined : value);

const envSchema = z.object({
  PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: z.preprocess(emptyAsUndefined, z.string().default("0.0.0.0")),
  DATABASE_URL: z.preprocess(emptyAsUndefined, z.string().url().optional()),
  CHECKSTACK_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().optional()),
  CHECKSTACK_PLUGINS_DIR: z.preprocess(emptyAsUndefined, z.string().optional()),
  CHECKSTACK_SECRET_KEY: z.preprocess(emptyAsUndefined, z.string().optional()),
  CHECKSTACK_INSTANCE_ID: z.preprocess(emptyAsUndefined, z.string().max(100).optional()),
  DB_POOL_MAX: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(2).max(200).default(10)),
  LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(["debug", "info", "warn", "error", "silent"]).default("info")),
  CHECKSTACK_TRUST_PROXY: z.preprocess(emptyAsUndefined, z.enum(["true", "false"]).default("false")),
  CHECKSTACK_EXAMPLE_PLUGINS: z.preprocess(emptyAsUndefined, z.enum(["1", "true", "0", "false"]).default("0")),
  SHUTDOWN_TIMEOUT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(100).max(60000).default(8000)),
  SHUTDOWN_DRAIN_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(120000).default(5000)),
});

export interface PlatformEnv {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  pluginsDir: string;
  secretKey: string | undefined;
  instanceId: string;
  poolMax: number;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  shutdownTimeoutMs: number;
  /** On SIGTERM, how long /readyz answers 503 before the listener stops accepting. */
  shutdownDrainMs: number;
  /** Take the client address from X-Forwarded-For (only behind a proxy that sets it). */
  trustProxy: boolean;
  /** Load the plugin guide's example plugins (myfeature); off in production, see plugin-management/example-plugins.ts. */
  examplePlugins: boolean;
}

export class EnvError extends Error {
  override name = "EnvError";
}

/** Reads the platform's settings from the environment; a bad value stops boot with its name. */
export function readPlatformEnv(env: NodeJS.ProcessEnv = process.env): PlatformEnv {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new EnvError(`invalid environment: ${problems}`);
  }
  const values = parsed.data;
  const dataDir = resolve(values.CHECKSTACK_DATA_DIR ?? join(REPO_ROOT, ".data"));
  return {
    port: values.PORT,
    host: values.HOST,
    databaseUrl: values.DATABASE_URL,
    dataDir,
    pluginsDir: resolve(values.CHECKSTACK_PLUGINS_DIR ?? join(dataDir, "plugins")),
    secretKey: values.CHECKSTACK_SECRET_KEY,
    instanceId: values.CHECKSTACK_INSTANCE_ID ?? `${hostname()}-${process.pid}`,
    poolMax: values.DB_POOL_MAX,
    logLevel: values.LOG_LEVEL,
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT_MS,
    shutdownDrainMs: values.SHUTDOWN_DRAIN_MS,
    trustProxy: values.CHECKSTACK_TRUST_PROXY === "true",
    examplePlugins: values.CHECKSTACK_EXAMPLE_PLUGINS === "1" || values.CHECKSTACK_EXAMPLE_PLUGINS === "true",
  };
}
