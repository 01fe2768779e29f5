import { z } from "zod";

/** An absolute http(s) URL without credentials, query or fragment; stored without a trailing slash. */
export const PublicUrlSchema = z
  .url({ protocol: /^https?$/, error: "an absolute http:// or https:// URL, e.g. https://status.example.com" })
  .max(2000)
  .refine((value) => {
    // Runs even when the URL check above failed: an unparsable value is that check's to report.
    if (!URL.canParse(value)) return true;
    const url = new URL(value);
    return url.username === "" && url.password === "" && url.search === "" && url.hash === "";
  }, "no credentials, query or fragment: only the address people open")
  .transform((value) => value.replace(/\/+$/, ""));

/**
 * Where links point when no public URL is set: CHECKSTACK_PUBLIC_URL, else
 * this instance's own HOST and PORT (a wildcard HOST read as localhost).
 */
export function defaultPublicUrl(env: Record<string, string | undefined>): { url: string; source: "environment" | "listen-address" } {
  const configured = env["CHECKSTACK_PUBLIC_URL"]?.trim();
  if (configured) return { url: configured.replace(/\/+$/, ""), source: "environment" };
  const host = env["HOST"]?.trim() || "0.0.0.0";
  const shown = host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host;
  return { url: `http://${shown}:${env["PORT"]?.trim() || "3000"}`, source: "listen-address" };
}
