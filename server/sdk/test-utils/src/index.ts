/**
 * The plugin author's test kit. The helpers that need a running platform's
 * pieces (a throwaway Postgres database, a plugin schema migrated as the
 * platform migrates it, the platform's own registration) live with the server,
 * behind its public test entry, and are re-exported here; the pure helpers
 * live here. The server's own tests import its test entry directly, so this
 * package depends on the server and never the other way round.
 */
export {
  captureRegistration,
  createTestDatabase,
  getTestServerUrl,
  stopTestServer,
  usePluginTestDatabase,
  useTestDatabase,
  type CapturedRegistration,
  type PluginTestDatabase,
  type TestDatabase,
} from "@checkstack/server/testing";
export { createSelfSignedCertificate, type TestCertificate } from "./self-signed-certificate";
export { withDeadline } from "./deadline";
export { ensureCommand } from "./debian-package";
export { testStrategyPluginRegistration } from "./strategy-plugin-test";
export { freePort, stopChild } from "./local-process";
