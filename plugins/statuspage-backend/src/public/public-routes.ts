import { NotFoundError, UnauthorizedError, type HttpRouteRequest, type HttpRouteService } from "@checkstack/backend-api";
import type { Page } from "@checkstack/statuspage-common";
import { shieldsEndpoint, statusBadge, uptimeBadge } from "./badges";
import { historyFeed } from "./feeds";
import { historyPageHtml, statusPageHtml } from "./page-html";
import { ResponseCache, toDocument, type CachedDocument } from "./response-cache";
import type { PageSnapshot } from "./snapshot";
import { STATUSPAGE_DOCUMENTS, statuspageDocument, type StatuspageDocument } from "./statuspage-json";

export interface PublicRoutesDeps {
  /** A published page by slug (as the plugin's service principal), or null. */
  publishedPage(slug: string): Promise<Page | null>;
  snapshot(page: Page): Promise<PageSnapshot>;
}

const HTML = "text/html; charset=utf-8";
const JSON_TYPE = "application/json; charset=utf-8";
const SVG = "image/svg+xml; charset=utf-8";

interface Resolved {
  page: Page;
  snapshot: PageSnapshot;
}

/**
 * The public face of pages: HTML, Statuspage-compatible JSON, feeds and badges under /status/<slug>.
 * Every answer comes from this instance's cache (cleared cluster-wide on any change) with an ETag;
 * a matching If-None-Match gets a 304.
 */
export class PublicRoutes {
  /** Page + snapshot per slug: the database and other plugins are asked once per change, not per document. */
  readonly snapshots = new ResponseCache<Resolved | null>(1000);
  readonly documents = new ResponseCache<CachedDocument>();

  constructor(private readonly deps: PublicRoutesDeps) {}

  invalidate(): void {
    this.snapshots.invalidate();
    this.documents.invalidate();
  }

  register(http: HttpRouteService): void {
    const serve = (path: string, render: (resolved: Resolved, request: HttpRouteRequest, baseUrl: string) => CachedDocument | null) =>
      http.registerRoute({ method: "GET", path, handler: (request) => this.answer(request, render) });

    serve("/status/:slug", ({ snapshot }) => toDocument(statusPageHtml(snapshot), HTML));
    serve("/status/:slug/history", ({ snapshot }) => toDocument(historyPageHtml(snapshot), HTML));
    serve("/status/:slug/history.rss", ({ snapshot }, _request, base) => toDocument(historyFeed(snapshot, base, "rss"), "application/rss+xml; charset=utf-8"));
    serve("/status/:slug/history.atom", ({ snapshot }, _request, base) => toDocument(historyFeed(snapshot, base, "atom"), "application/atom+xml; charset=utf-8"));
    serve("/status/:slug/api/v2/*", ({ snapshot }, request, base) => {
      const document = STATUSPAGE_DOCUMENTS.find((name) => name === request.params["*"]);
      return document ? toDocument(JSON.stringify(statuspageDocument(document as StatuspageDocument, snapshot, base)), JSON_TYPE) : null;
    });
    // <componentId>.svg is the badge; <componentId>.json is the same badge as a Shields.io endpoint document.
    for (const kind of ["badge", "uptime"] as const) {
      serve(`/status/:slug/${kind}/:file`, ({ snapshot }, request) => {
        const match = /^([0-9a-f]{12})\.(svg|json)$/.exec(request.params["file"] ?? "");
        const component = match ? snapshot.components.find((candidate) => candidate.id === match[1]) : undefined;
        if (!match || !component) return null;
        if (match[2] === "json") return toDocument(JSON.stringify(shieldsEndpoint(component, kind === "badge" ? "status" : "uptime")), JSON_TYPE);
        return toDocument(kind === "badge" ? statusBadge(component) : uptimeBadge(component), SVG);
      });
    }
  }

  private async answer(
    request: HttpRouteRequest,
    render: (resolved: Resolved, request: HttpRouteRequest, baseUrl: string) => CachedDocument | null,
  ): Promise<Response> {
    const slug = request.params["slug"] ?? "";
    const resolve = () =>
      this.snapshots.get(slug, async () => {
        const page = await this.deps.publishedPage(slug);
        return page ? { page, snapshot: await this.deps.snapshot(page) } : null;
      });
    const resolved = await resolve();
    if (!resolved) throw new NotFoundError(`No status page at /status/${slug}`);
    const signedInOnly = resolved.page.visibility === "signed_in";
    if (signedInOnly && (await request.principal()).type === "anonymous") throw new UnauthorizedError("Sign in to see this status page");

    const url = new URL(request.request.url);
    const key = `${url.origin}|${url.pathname}`;
    const notFound = toDocument("", "text/plain", 404);
    // Resolved again inside the build: a build that starts after a change must not render a snapshot from before it.
    const document = await this.documents.get(key, async () => {
      const fresh = await resolve();
      return (fresh && render(fresh, request, url.origin)) ?? notFound;
    });
    if (document.status === 404) throw new NotFoundError(`Nothing at ${url.pathname}`);

    const headers = {
      etag: document.etag,
      vary: "Accept-Encoding",
      // Short enough that a proxy's copy is at most seconds behind; revalidation is a cheap 304.
      "cache-control": signedInOnly ? "private, no-cache" : "public, max-age=5",
      "x-content-type-options": "nosniff",
    };
    if (request.request.headers.get("if-none-match")?.split(",").some((tag) => tag.trim().replace(/^W\//, "") === document.etag)) {
      return new Response(null, { status: 304, headers });
    }
    const gzipped = document.gzipped && /\bgzip\b/.test(request.request.headers.get("accept-encoding") ?? "") ? document.gzipped : null;
    return new Response(gzipped ?? document.body, {
      status: 200,
      headers: { ...headers, "content-type": document.contentType, ...(gzipped ? { "content-encoding": "gzip" } : {}) },
    });
  }
}
