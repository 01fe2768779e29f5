// The test kit's public surface; each concern lives in its own module.
export { getTestServerUrl, stopTestServer, stopTestServerOnExit } from "./embedded-server";
export { createTestDatabase, useTestDatabase, type TestDatabase } from "./test-database";
export { usePluginTestDatabase, type PluginTestDatabase } from "./plugin-test-database";
export { captureRegistration, type CapturedRegistration } from "./registration-capture";
export { createSelfSignedCertificate, type TestCertificate } from "./self-signed-certificate";
export { withDeadline } from "./deadline";
