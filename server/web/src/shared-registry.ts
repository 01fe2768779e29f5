import * as React from "react";
import * as JsxRuntime from "react/jsx-runtime";
import * as ReactQuery from "@tanstack/react-query";
import * as FrontendApi from "@checkstack/frontend-api";
import * as MantineCore from "./shared/mantine-core";
import * as MantineHooks from "./shared/mantine-hooks";
import * as MantineNotifications from "./shared/mantine-notifications";
import * as ReactRouter from "./shared/react-router";
import { SHARED_GLOBAL, type SharedModuleName } from "../../src/web/shared-global";

/**
 * The shell's copies of the shared modules, lent to frontend plugins (their
 * builds read these instead of bundling their own; see server/src/web/bundler.ts).
 */
const shared: Record<SharedModuleName, unknown> = {
  react: React,
  "react/jsx-runtime": JsxRuntime,
  "@tanstack/react-query": ReactQuery,
  "@checkstack/frontend-api": FrontendApi,
  "@mantine/core": MantineCore,
  "@mantine/hooks": MantineHooks,
  "@mantine/notifications": MantineNotifications,
  "react-router": ReactRouter,
};

export function exposeSharedModules(): void {
  (globalThis as Record<string, unknown>)[SHARED_GLOBAL] = shared;
}
