/**
 * Names of the modules the shell lends to frontend plugins, and the global
 * holding them. Imported by the browser shell and by the server's bundler
 * alike, so it imports nothing.
 */
export const SHARED_MODULE_NAMES = [
  "react",
  "react/jsx-runtime",
  "@tanstack/react-query",
  "@checkstack/frontend-api",
  "@mantine/core",
  "@mantine/hooks",
  "@mantine/notifications",
  "react-router",
] as const;

export type SharedModuleName = (typeof SHARED_MODULE_NAMES)[number];

/** The global the shell stores the shared module namespaces in. */
export const SHARED_GLOBAL = "__checkstackShared";
