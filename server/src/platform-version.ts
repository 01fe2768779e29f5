import { createRequire } from "node:module";

/** The platform's version, as its package declares it (the OpenAPI document's info.version). */
export const PLATFORM_VERSION: string = (createRequire(import.meta.url)("../package.json") as { version: string }).version;
