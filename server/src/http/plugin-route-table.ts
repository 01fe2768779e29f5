import type { HttpRoute, HttpRouteMethod } from "@checkstack/backend-api";

/** One parsed segment of a route path. */
type Segment = { kind: "literal"; text: string } | { kind: "param"; name: string } | { kind: "rest" };

interface MountedRoute {
  pluginId: string;
  methods: ReadonlySet<HttpRouteMethod>;
  path: string;
  segments: readonly Segment[];
  handler: HttpRoute["handler"];
}

/** A route found for a request, with the values of its path's parameters. */
export interface MatchedRoute {
  pluginId: string;
  handler: HttpRoute["handler"];
  params: Record<string, string>;
}

const PLATFORM_PATHS = [/^\/healthz$/, /^\/readyz$/];

function parsePath(path: string): Segment[] {
  if (!path.startsWith("/")) throw new Error(`route path "${path}" must start with /`);
  const parts = path.split("/").slice(1);
  return parts.map((part, index): Segment => {
    if (part === "*") {
      if (index !== parts.length - 1) throw new Error(`route path "${path}": * may only end a path`);
      return { kind: "rest" };
    }
    if (part.startsWith(":")) {
      if (part.length === 1) throw new Error(`route path "${path}": a parameter needs a name`);
      return { kind: "param", name: part.slice(1) };
    }
    return { kind: "literal", text: part };
  });
}

/** The same route shape whatever its parameter names: two such routes would answer the same requests. */
function shapeOf(segments: readonly Segment[]): string {
  return segments.map((segment) => (segment.kind === "literal" ? `=${segment.text}` : segment.kind === "param" ? ":" : "*")).join("/");
}

/** Lower is more specific, compared segment by segment: literal, then parameter, then the rest. */
function rank(segment: Segment | undefined): number {
  if (!segment) return 3;
  return segment.kind === "literal" ? 0 : segment.kind === "param" ? 1 : 2;
}

function bySpecificity(a: MountedRoute, b: MountedRoute): number {
  const length = Math.max(a.segments.length, b.segments.length);
  for (let index = 0; index < length; index++) {
    const difference = rank(a.segments[index]) - rank(b.segments[index]);
    if (difference !== 0) return difference;
  }
  return 0;
}

function matchSegments(segments: readonly Segment[], parts: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!;
    if (segment.kind === "rest") {
      params["*"] = parts.slice(index).join("/");
      return params;
    }
    const part = parts[index];
    if (part === undefined) return undefined;
    if (segment.kind === "literal") {
      if (segment.text !== part) return undefined;
    } else {
      if (part === "") return undefined;
      params[segment.name] = part;
    }
  }
  return parts.length === segments.length ? params : undefined;
}

/**
 * The plain HTTP routes plugins registered (coreServices.http), kept in order of specificity so the first
 * match is the most specific one. Replaced as plugins are loaded and removed.
 */
export class PluginRouteTable {
  private routes: MountedRoute[] = [];

  mount(pluginId: string, route: HttpRoute): void {
    const methods = new Set<HttpRouteMethod>(typeof route.method === "string" ? [route.method] : route.method);
    if (methods.size === 0) throw new Error(`plugin "${pluginId}": route ${route.path} names no method`);
    if (PLATFORM_PATHS.some((reserved) => reserved.test(route.path)) || /^\/api\/[^/]+\/?$/.test(route.path)) {
      throw new Error(`plugin "${pluginId}": ${route.path} belongs to the platform`);
    }
    const segments = parsePath(route.path);
    if (segments[0]?.kind === "literal" && segments[0].text === "api" && segments[1]?.kind === "literal" && segments[1].text !== "v1" && segments[1].text !== pluginId) {
      throw new Error(`plugin "${pluginId}": ${route.path} is under another plugin's /api/${segments[1].text}/`);
    }
    const shape = shapeOf(segments);
    const clash = this.routes.find((mounted) => shapeOf(mounted.segments) === shape && [...methods].some((method) => mounted.methods.has(method)));
    if (clash) throw new Error(`plugin "${pluginId}": ${route.path} is already served by plugin "${clash.pluginId}" (${clash.path})`);
    this.routes = [...this.routes, { pluginId, methods, path: route.path, segments, handler: route.handler }].sort(bySpecificity);
  }

  unmountPlugin(pluginId: string): void {
    this.routes = this.routes.filter((route) => route.pluginId !== pluginId);
  }

  /** The most specific route answering `method` at `pathname`; a HEAD falls back to a GET route. */
  match(method: string, pathname: string): MatchedRoute | undefined {
    const parts = pathname.split("/").slice(1).map(decodeSegment);
    if (parts.some((part) => part === undefined)) return undefined;
    const wanted = method.toUpperCase() as HttpRouteMethod;
    for (const candidate of [wanted, ...(wanted === "HEAD" ? (["GET"] as const) : [])]) {
      for (const route of this.routes) {
        if (!route.methods.has(candidate)) continue;
        const params = matchSegments(route.segments, parts as string[]);
        if (params) return { pluginId: route.pluginId, handler: route.handler, params };
      }
    }
    return undefined;
  }

  /** Whether any route serves `pathname` with another method (a 405 rather than a 404). */
  servesPath(pathname: string): boolean {
    const parts = pathname.split("/").slice(1).map(decodeSegment);
    if (parts.some((part) => part === undefined)) return false;
    return this.routes.some((route) => matchSegments(route.segments, parts as string[]) !== undefined);
  }
}

function decodeSegment(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}
