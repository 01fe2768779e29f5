import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { CreatePluginError } from "./errors";

/**
 * Dependency versions for the generated package.json files, read from the
 * workspace instead of written into the templates: a generated plugin then
 * asks for exactly what the repository already resolved, so `npm install`
 * links it without fetching anything, and an SDK upgrade needs no CLI change.
 */
export interface DependencyVersions {
  backendApi: string;
  common: string;
  frontendApi: string;
  testUtils: string;
  tsconfig: string;
  orpcServer: string;
  orpcContract: string;
  drizzleOrm: string;
  drizzleKit: string;
  zod: string;
  pg: string;
}

const manifestSchema = z.object({
  version: z.string(),
  dependencies: z.record(z.string(), z.string()).default({}),
  devDependencies: z.record(z.string(), z.string()).default({}),
});
type Manifest = z.infer<typeof manifestSchema>;

function readManifest(path: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new CreatePluginError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new CreatePluginError(`${path} is not a package.json this CLI understands: ${parsed.error.message}`);
  return parsed.data;
}

function pick(manifest: Manifest, dependency: string, path: string): string {
  const range = manifest.dependencies[dependency] ?? manifest.devDependencies[dependency];
  if (!range) throw new CreatePluginError(`${path} has no ${dependency} dependency to copy the version from`);
  return range;
}

export function readDependencyVersions(repoRoot: string): DependencyVersions {
  const sdk = (name: string) => join(repoRoot, "server", "sdk", name, "package.json");
  const backendApiPath = sdk("backend-api");
  const commonPath = sdk("common");
  const rootPath = join(repoRoot, "package.json");
  const backendApi = readManifest(backendApiPath);
  const common = readManifest(commonPath);
  const root = readManifest(rootPath);
  return {
    backendApi: backendApi.version,
    common: common.version,
    frontendApi: readManifest(sdk("frontend-api")).version,
    testUtils: readManifest(sdk("test-utils")).version,
    tsconfig: readManifest(sdk("tsconfig")).version,
    orpcServer: pick(backendApi, "@orpc/server", backendApiPath),
    orpcContract: pick(common, "@orpc/contract", commonPath),
    drizzleOrm: pick(backendApi, "drizzle-orm", backendApiPath),
    drizzleKit: pick(root, "drizzle-kit", rootPath),
    zod: pick(backendApi, "zod", backendApiPath),
    pg: pick(backendApi, "pg", backendApiPath),
  };
}
