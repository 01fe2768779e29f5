/**
 * The server's public entry: what embeds or measures a whole platform (the
 * launcher, benchmarks) needs. Everything else under src/ is internal; test
 * code that needs a piece of the platform gets it from "@checkstack/server/testing".
 */
export { bootPlatform, BUNDLED_PLUGINS_DIR, type Platform } from "./platform";
export { readPlatformEnv, EnvError, type PlatformEnv } from "./platform-env";
export { createJsonLogger, type LogLevel, type LogSink } from "./logging/json-logger";
