/**
 * A local RDAP server on 127.0.0.1 for the strategy's tests, answering as RFC
 * 9083 describes: application/rdap+json domain objects with events, an error
 * object with 404 for unknown domains. Also serves a bootstrap registry (RFC
 * 9224) that maps the .test TLD to itself, and counts its requests.
 */
export interface RdapTestServer {
  /** http://127.0.0.1:<port>/rdap — the base URL of the RDAP service. */
  base: string;
  bootstrapUrl: string;
  bootstrapRequests(): number;
  /** Requests to /slow still waiting for an answer. */
  pendingSlowRequests(): number;
  stop(): Promise<void>;
}

/** Registered domains of the fake registry: name → days until expiry (undefined: no expiration event). */
export type Registry = Record<string, number | undefined>;

const DAY_MS = 24 * 60 * 60 * 1000;

function rdapJson(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/rdap+json" } });
}

function domainObject(name: string, daysLeft: number | undefined, now: number): unknown {
  const events = [
    { eventAction: "registration", eventDate: new Date(now - 400 * DAY_MS).toISOString() },
    { eventAction: "last changed", eventDate: new Date(now - 10 * DAY_MS).toISOString() },
    // A malformed event must not hide the others.
    { eventAction: 7 },
  ];
  if (daysLeft !== undefined) events.push({ eventAction: "expiration", eventDate: new Date(now + daysLeft * DAY_MS + 60 * 60 * 1000).toISOString() });
  return {
    objectClassName: "domain",
    rdapConformance: ["rdap_level_0"],
    handle: `${name.toUpperCase()}-TEST`,
    ldhName: name,
    status: ["client transfer prohibited"],
    events,
    notices: [{ title: "Terms of Use", description: ["Test registry."] }],
  };
}

export function startRdapTestServer(registry: Registry): RdapTestServer {
  let bootstrapHits = 0;
  let pendingSlow = 0;
  const server: ReturnType<typeof Bun.serve> = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(request): Response | Promise<Response> {
      const path = new URL(request.url).pathname;
      if (path === "/bootstrap/dns.json") {
        bootstrapHits++;
        return Response.json({
          version: "1.0",
          publication: new Date().toISOString(),
          services: [
            [["example"], ["https://127.0.0.1:1/never-used/"]],
            [["test"], [`http://127.0.0.1:${server.port}/rdap/`]],
          ],
        });
      }
      if (path.startsWith("/slow/")) {
        pendingSlow++;
        // Never answers; the client's abort ends the request.
        return new Promise<Response>((resolve) => {
          request.signal.addEventListener("abort", () => {
            pendingSlow--;
            resolve(new Response(null, { status: 499 }));
          });
        });
      }
      const match = /^\/rdap\/domain\/([^/]+)$/.exec(path);
      const name = match?.[1] ? decodeURIComponent(match[1]).toLowerCase() : undefined;
      if (name === undefined || !(name in registry)) {
        return rdapJson({ errorCode: 404, title: "Not Found", description: ["The domain is not registered here."] }, 404);
      }
      return rdapJson(domainObject(name, registry[name], Date.now()));
    },
  });
  return {
    base: `http://127.0.0.1:${server.port}/rdap`,
    bootstrapUrl: `http://127.0.0.1:${server.port}/bootstrap/dns.json`,
    bootstrapRequests: () => bootstrapHits,
    pendingSlowRequests: () => pendingSlow,
    stop: () => server.stop(true),
  };
}
