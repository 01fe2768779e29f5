import { secret } from "@checkstack/backend-api";
import { z } from "zod";

/** An http(s) URL, named in the error so a form shows it beside the right field. */
export function httpUrl(field: string) {
  return z
    .string()
    .trim()
    .url(`${field} must be a URL`)
    .refine((value) => /^https?:\/\//i.test(value), `${field} must start with http:// or https://`);
}

/** A webhook URL that embeds the provider's token: secret, so it is encrypted at rest and read back as "********". */
export function secretWebhookUrl(field: string, description: string) {
  return secret(httpUrl(field).describe(description));
}

/** The base URL of a hosted API, overridable for self-hosted or regional endpoints (and for tests on 127.0.0.1). */
export function apiBaseUrl(field: string, defaultUrl: string, description: string) {
  return httpUrl(field).default(defaultUrl).describe(`${description} Default ${defaultUrl}.`);
}

/** A base URL and a path joined without doubling or losing the slash between them. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}
