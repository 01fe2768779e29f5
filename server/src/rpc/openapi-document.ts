import { OpenAPIGenerator } from "@orpc/openapi";
import type { AnyRouter } from "@orpc/server";
import { ZodToJsonSchemaConverter } from "@orpc/zod/zod4";
import type { ProcedureMetadata } from "@checkstack/common";
import type { Logger } from "@checkstack/backend-api";
import { procedureAccessText } from "./procedure-access-text";
import { REST_PREFIX } from "./rest-protocol";
import type { RouterRegistry } from "../plugin-runtime/router-registry";

/** The OpenAPI document's own types, as far as the platform writes them. */
type Json = Record<string, unknown>;
interface Operation extends Json {
  operationId?: string;
  description?: string;
  summary?: string;
}
type PathItem = Record<string, Operation>;

export interface OpenApiDocument extends Json {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths: Record<string, PathItem>;
  components: { securitySchemes: Json; schemas?: Json };
}

/** Security scheme names in the document. */
export const SESSION_COOKIE_SCHEME = "sessionCookie";
export const API_KEY_SCHEME = "apiKey";

/** The error body of every procedure (and of the platform's own refusals). */
const ERROR_SCHEMA = {
  type: "object",
  properties: {
    defined: { type: "boolean" },
    code: { type: "string", description: "BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, TOO_MANY_REQUESTS, SERVICE_UNAVAILABLE, ..." },
    status: { type: "integer" },
    message: { type: "string" },
    data: {
      type: "object",
      properties: {
        requestId: { type: "string", description: "Also in the X-Request-Id header and the logs" },
        issues: { type: "array", description: "For BAD_REQUEST: each wrong field, with its path", items: { type: "object" } },
      },
    },
  },
  required: ["code", "status", "message"],
};

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;

function securityFor(meta: ProcedureMetadata): Array<Record<string, string[]>> {
  const both: Array<Record<string, string[]>> = [{ [SESSION_COOKIE_SCHEME]: [] }, { [API_KEY_SCHEME]: [] }];
  switch (meta.userType ?? "authenticated") {
    case "anonymous":
      return [{}];
    case "public":
      // Credentials are optional: without them the caller holds the public rules.
      return [{}, ...both];
    case "user":
      return [{ [SESSION_COOKIE_SCHEME]: [] }];
    default:
      return both;
  }
}

export interface OpenApiDocumentOptions {
  /** The session cookie's name, from the authenticator (none loaded: the platform's default). */
  sessionCookieName: () => string;
  version: string;
  logger: Logger;
}

/**
 * The OpenAPI 3.1 document of every mounted plugin's REST routes, generated
 * from the contracts (zod → JSON Schema). Each plugin's part is generated once
 * and dropped when the plugin's router changes, so installing or removing a
 * plugin shows at the next request. Service-only procedures are left out:
 * no HTTP caller may call them.
 */
export class OpenApiDocuments {
  private readonly generator = new OpenAPIGenerator({ schemaConverters: [new ZodToJsonSchemaConverter()] });
  private readonly parts = new Map<string, Promise<Record<string, PathItem>>>();

  constructor(
    private readonly routers: RouterRegistry,
    private readonly options: OpenApiDocumentOptions,
  ) {
    routers.onChange((pluginId) => this.parts.delete(pluginId));
  }

  private async generatePart(pluginId: string, router: AnyRouter): Promise<Record<string, PathItem>> {
    const metas = new Map<string, ProcedureMetadata>();
    const generated = await this.generator.generate(router, {
      filter: ({ contract, path }) => {
        const meta: ProcedureMetadata = contract["~orpc"].meta;
        if (meta.userType === "service") return false;
        metas.set(path.join("."), meta);
        return true;
      },
    });
    const paths: Record<string, PathItem> = {};
    for (const [path, item] of Object.entries((generated.paths ?? {}) as Record<string, PathItem>)) {
      const prefixed = `${REST_PREFIX}${pluginId}${path === "/" ? "" : path}`;
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation) continue;
        const procedurePath = operation.operationId ?? "";
        const meta = metas.get(procedurePath) ?? {};
        const access = procedureAccessText(pluginId, meta);
        const rpc = `RPC: \`POST /api/${pluginId}/${procedurePath.replaceAll(".", "/")}\` with \`{"json": <input>}\`.`;
        operation.operationId = `${pluginId}.${procedurePath}`;
        operation.summary ??= `${pluginId} ${procedurePath}`;
        operation.description = [operation.description, access, rpc].filter(Boolean).join("\n\n");
        operation["tags"] = [pluginId];
        const responses = (operation["responses"] ??= {}) as Json;
        responses["default"] = { description: "An error, in the one error shape of every plugin", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
        operation["security"] = securityFor(meta);
      }
      paths[prefixed] = item;
    }
    return paths;
  }

  private part(pluginId: string, router: AnyRouter): Promise<Record<string, PathItem>> {
    let part = this.parts.get(pluginId);
    if (!part) {
      part = this.generatePart(pluginId, router);
      this.parts.set(pluginId, part);
      // A failed generation is not cached: the next request tries again (and reports the error again).
      part.catch(() => this.parts.delete(pluginId));
    }
    return part;
  }

  async document(): Promise<OpenApiDocument> {
    const pluginIds = this.routers.pluginIds().sort();
    const paths: Record<string, PathItem> = {};
    for (const pluginId of pluginIds) {
      const router = this.routers.get(pluginId);
      if (!router) continue;
      try {
        Object.assign(paths, await this.part(pluginId, router));
      } catch (error) {
        // One plugin's contract that cannot be described must not hide every other plugin's.
        this.options.logger.error("a plugin's routes are left out of the OpenAPI document", { pluginId, error });
      }
    }
    return {
      openapi: "3.1.1",
      info: {
        title: "Checkstack API",
        version: this.options.version,
        description:
          "Every procedure of every installed plugin, as REST routes under /api/v1/<pluginId>. " +
          "Authenticate with the session cookie (sign in with POST /api/v1/auth/session/login) or an application's API key " +
          "(`Authorization: Bearer <key>`). Errors are `{defined, code, status, message, data: {requestId, issues?}}`; " +
          "lists that page take `cursor` and `limit` and answer `{items, nextCursor}`.",
      },
      servers: [{ url: "/" }],
      tags: pluginIds.map((name) => ({ name })),
      paths,
      components: {
        schemas: { Error: ERROR_SCHEMA },
        securitySchemes: {
          [SESSION_COOKIE_SCHEME]: { type: "apiKey", in: "cookie", name: this.options.sessionCookieName(), description: "A signed-in browser session" },
          [API_KEY_SCHEME]: { type: "http", scheme: "bearer", description: "An application's API key (created with POST /api/v1/auth/applications)" },
        },
      },
    };
  }
}
