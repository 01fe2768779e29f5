/**
 * `bun server/src/web/build-cli.ts`: builds the web application (the shell
 * and every bundled frontend plugin) into server/web/.build, as `npm start`
 * would on its first request. The Docker image runs it so it ships prebuilt.
 */
import { join } from "node:path";
import { createJsonLogger } from "../logging/json-logger";
import { REPO_ROOT } from "../platform-env";
import { WebApp } from "./web-app";

const logger = createJsonLogger({ level: "info" });
const web = new WebApp({ logger, bundledDir: join(REPO_ROOT, "plugins"), pluginsDir: join(REPO_ROOT, ".no-plugins-dir"), loadedPluginIds: () => [] });
const modules = await web.prebuildAll();
logger.info("web application built", { modules });
