import { z } from "zod";
import { fetchJson } from "./json-fetch";

/** IANA's RDAP bootstrap registry for domain names (RFC 9224). */
export const IANA_DNS_BOOTSTRAP_URL = "https://data.iana.org/rdap/dns.json";

/** Operators without internet access (or with a mirror) point the lookup elsewhere. */
export const BOOTSTRAP_URL_ENV = "CHECKSTACK_RDAP_BOOTSTRAP_URL";

/** The registry changes a few times a month; a day-old copy is fine and spares IANA a request per check run. */
export const BOOTSTRAP_CACHE_MS = 24 * 60 * 60 * 1000;

const bootstrapSchema = z.object({
  services: z.array(z.tuple([z.array(z.string()), z.array(z.string())])),
});

interface CachedRegistry {
  fetchedAt: number;
  /** Lower-case TLD (or multi-label suffix) → base URLs. */
  servers: Map<string, string[]>;
}

/** Per bootstrap URL; only successful fetches are kept, so a failed one is retried by the next run. */
const cache = new Map<string, CachedRegistry>();

export function bootstrapUrl(): string {
  return process.env[BOOTSTRAP_URL_ENV] || IANA_DNS_BOOTSTRAP_URL;
}

async function registry(url: string, signal: AbortSignal): Promise<CachedRegistry> {
  const cached = cache.get(url);
  if (cached && Date.now() - cached.fetchedAt < BOOTSTRAP_CACHE_MS) return cached;
  const parsed = bootstrapSchema.safeParse(await fetchJson(url, signal));
  if (!parsed.success) throw new Error(`${url} is not an RDAP bootstrap registry`);
  const servers = new Map<string, string[]>();
  for (const [suffixes, urls] of parsed.data.services) for (const suffix of suffixes) servers.set(suffix.toLowerCase(), urls);
  const fresh = { fetchedAt: Date.now(), servers };
  cache.set(url, fresh);
  return fresh;
}

/**
 * The RDAP base URL for a domain: the registry entry for its longest
 * matching suffix (RFC 9224 §4), preferring https.
 */
export async function rdapBaseUrlFor(domain: string, signal: AbortSignal, url = bootstrapUrl()): Promise<string> {
  const { servers } = await registry(url, signal);
  const labels = domain.toLowerCase().split(".");
  for (let start = 1; start < labels.length; start++) {
    const urls = servers.get(labels.slice(start).join("."));
    if (urls && urls.length > 0) return urls.find((entry) => entry.startsWith("https://")) ?? (urls[0] as string);
  }
  throw new Error(`no RDAP server is registered for .${labels[labels.length - 1]} in ${url}`);
}

/** For tests: forget cached registries. */
export function clearBootstrapCache(): void {
  cache.clear();
}
