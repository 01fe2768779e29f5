import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** Swagger UI's files, from the installed swagger-ui-dist package: the page works with no network but this server's. */
const ASSETS_DIR = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

/** The files the page loads, and what they are; nothing else under the folder is served. */
const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui.css.map": "application/json",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui-bundle.js.map": "application/json",
  "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
  "swagger-ui-standalone-preset.js.map": "application/json",
  "favicon-32x32.png": "image/png",
  "favicon-16x16.png": "image/png",
};

export const DOCS_PATH = "/api/docs";
const ASSET_PREFIX = `${DOCS_PATH}/assets/`;

/**
 * Started by a file, not inline, so a strict Content-Security-Policy can
 * allow 'self' only. validatorUrl is off: Swagger UI would otherwise send the
 * document to an online validator.
 */
const INITIALIZER = `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.json",
    dom_id: "#api-reference",
    deepLinking: true,
    validatorUrl: null,
    withCredentials: true,
    tryItOutEnabled: false,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "StandaloneLayout",
  });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Checkstack API reference</title>
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <link rel="icon" type="image/png" href="${ASSET_PREFIX}favicon-32x32.png" />
    <link rel="stylesheet" href="${ASSET_PREFIX}swagger-ui.css" />
  </head>
  <body>
    <div id="api-reference"></div>
    <script src="${ASSET_PREFIX}swagger-ui-bundle.js"></script>
    <script src="${ASSET_PREFIX}swagger-ui-standalone-preset.js"></script>
    <script src="${ASSET_PREFIX}init.js"></script>
  </body>
</html>
`;

const SECURITY_HEADERS = { "x-content-type-options": "nosniff", "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'" };

/** Answers /api/docs and its assets; undefined for any other path. */
export async function serveApiDocs(pathname: string): Promise<Response | undefined> {
  if (pathname === DOCS_PATH || pathname === `${DOCS_PATH}/`) {
    return new Response(PAGE, { headers: { "content-type": "text/html; charset=utf-8", ...SECURITY_HEADERS } });
  }
  if (!pathname.startsWith(ASSET_PREFIX)) return undefined;
  const name = pathname.slice(ASSET_PREFIX.length);
  if (name === "init.js") return new Response(INITIALIZER, { headers: { "content-type": "text/javascript; charset=utf-8", ...SECURITY_HEADERS } });
  const type = ASSETS[name];
  if (!type) return undefined;
  const file = Bun.file(join(ASSETS_DIR, name));
  return new Response(file, { headers: { "content-type": type, "cache-control": "public, max-age=3600", ...SECURITY_HEADERS } });
}
