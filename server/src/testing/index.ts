/**
 * "@checkstack/server/testing": the platform pieces that tests of other
 * packages build on (a throwaway Postgres, a migrated schema, the platform's
 * own registration and access administration), so they never reach into
 * server/src by path. Nothing in the platform imports this entry.
 */
export { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "../database/embedded-postgres";
export { setUpDeployment } from "../database/deployment-setup";
export { migrate } from "../database/migrator";
export { pluginSchemaName } from "../database/schema-names";
export { createPlatformDatabase, migratePlatform } from "../database/platform-database";
export { bindTablesToSchema, createPluginDatabase } from "../database/plugin-database";
export { createAccessAdministration } from "../access/administration/index";
export { ExtensionRegistry } from "../plugin-runtime/extension-registry";
export { collectRegistration, type ErasedInitConfig, type PluginRegistration } from "../plugin-runtime/plugin-registration";
export { createTestDatabase, getTestServerUrl, stopTestServer, useTestDatabase, type TestDatabase } from "./test-database";
export { usePluginTestDatabase, type PluginTestDatabase } from "./plugin-test-database";
export { captureRegistration, type CapturedRegistration } from "./registration-capture";
