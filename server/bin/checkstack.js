#!/usr/bin/env node
// `npx checkstack …`: runs the TypeScript CLI with the Bun the repository installs as an npm
// dependency, so operators need nothing but Node.js and npm.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const serverDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const bun = join(serverDir, "..", "node_modules", ".bin", "bun");
const cli = join(serverDir, "src", "cli", "plugins", "main.ts");

if (!existsSync(bun)) {
  process.stderr.write(`checkstack: ${bun} is missing; run "npm install" in the repository first\n`);
  process.exit(1);
}
const result = spawnSync(bun, [cli, ...process.argv.slice(2)], { stdio: "inherit" });
if (result.error) {
  process.stderr.write(`checkstack: could not start Bun: ${result.error.message}\n`);
  process.exit(1);
}
process.exit(result.status ?? 1);
