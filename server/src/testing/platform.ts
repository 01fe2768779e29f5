/**
 * "@checkstack/server/testing/platform": pieces of the running platform for
 * tests and benchmarks that assemble part of it by hand (the auth plugin's
 * test stack, its authenticate benchmark), so they never reach into
 * server/src by path.
 */
export { migrate } from "../database/migrator";
export { pluginSchemaName } from "../database/schema-names";
export { createPlatformDatabase, migratePlatform } from "../database/platform-database";
export { bindTablesToSchema, createPluginDatabase } from "../database/plugin-database";
export { createAccessAdministration } from "../access/administration";
