import { join } from "node:path";
import { REPO_ROOT } from "../platform-env";
import type { SharedModuleName } from "./shared-global";

const CURATED = join(REPO_ROOT, "server/web/src/shared");

/**
 * Modules the shell bundles once and lends to every frontend plugin, so a
 * plugin (bundled or installed at runtime) renders with the shell's React,
 * query client, router, component library and SDK. The shell puts each
 * module's namespace on globalThis[SHARED_GLOBAL] (shared-global.ts) under these names; plugin
 * builds resolve these imports to that object instead of bundling a copy.
 *
 * Each name maps to the module whose exports are lent: large libraries lend
 * a curated part (server/web/src/shared/), so the shell stays small.
 */
export const SHARED_MODULES = {
  react: "react",
  "react/jsx-runtime": "react/jsx-runtime",
  "@tanstack/react-query": "@tanstack/react-query",
  "@checkstack/frontend-api": "@checkstack/frontend-api",
  "@mantine/core": join(CURATED, "mantine-core.ts"),
  "@mantine/hooks": join(CURATED, "mantine-hooks.ts"),
  "@mantine/notifications": join(CURATED, "mantine-notifications.ts"),
  "react-router": join(CURATED, "react-router.ts"),
} as const satisfies Record<SharedModuleName, string>;
