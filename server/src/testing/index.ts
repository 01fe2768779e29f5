/**
 * "@checkstack/server/testing": the test kit that plugin tests build on
 * (re-exported by @checkstack/test-utils) and the server's own tests use
 * directly: throwaway Postgres databases, a plugin schema migrated as the
 * platform migrates it, the platform's own registration. It stays light on
 * purpose: a generated plugin typechecks it with the plugin's tsconfig.
 * Tests that need the platform's database or access layer itself take them
 * from "@checkstack/server/testing/platform". Nothing in the platform imports
 * either entry.
 */
export { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "../database/embedded-postgres";
export { setUpDeployment } from "../database/deployment-setup";
export { createTestDatabase, getTestServerUrl, stopTestServer, useTestDatabase, type TestDatabase } from "./test-database";
export { usePluginTestDatabase, type PluginTestDatabase } from "./plugin-test-database";
export { captureRegistration, type CapturedRegistration } from "./registration-capture";
