import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

/** One built file, served from memory. */
export interface BuiltFile {
  /** Served at /assets/<name>. */
  name: string;
  contentType: string;
  body: Uint8Array<ArrayBuffer>;
}

const manifestSchema = z.object({ files: z.array(z.object({ name: z.string(), contentType: z.string() })), meta: z.record(z.string(), z.string()) });

export interface StoredBuild {
  files: BuiltFile[];
  /** Facts the build recorded (entry file names). */
  meta: Record<string, string>;
}

/**
 * Builds kept on disk under <dir>/<key>/ so a restart with unchanged
 * sources serves the previous build. The directory may be read-only (a
 * production image ships its builds prebuilt): writing is then skipped and
 * the build lives in memory only.
 */
export class BuildStore {
  constructor(private readonly dir: string) {}

  read(key: string): StoredBuild | undefined {
    const folder = join(this.dir, key);
    const manifestPath = join(folder, "manifest.json");
    if (!existsSync(manifestPath)) return undefined;
    try {
      const manifest = manifestSchema.parse(JSON.parse(readFileSync(manifestPath, "utf8")));
      const files = manifest.files.map((file) => ({ ...file, body: new Uint8Array(readFileSync(join(folder, file.name))) }));
      return { files, meta: manifest.meta };
    } catch {
      return undefined; // a damaged cache is rebuilt
    }
  }

  write(key: string, build: StoredBuild): boolean {
    const folder = join(this.dir, key);
    const staging = `${folder}.${process.pid}.tmp`;
    try {
      mkdirSync(staging, { recursive: true });
      for (const file of build.files) writeFileSync(join(staging, file.name), file.body);
      writeFileSync(join(staging, "manifest.json"), JSON.stringify({ files: build.files.map(({ name, contentType }) => ({ name, contentType })), meta: build.meta }));
      // Whole or not at all: another instance reading the folder never sees half a build.
      if (!existsSync(folder)) renameSync(staging, folder);
      return true;
    } catch {
      return false;
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
}
