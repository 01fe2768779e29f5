import type { Resolver } from "node:dns/promises";
import { isIP } from "node:net";
import type { RecordType } from "./config";

/**
 * Every answer becomes one string, so expectations and assertions compare
 * plain values:
 *   A, AAAA      address (AAAA in canonical compressed form)
 *   CNAME, NS    lower-case name without the trailing dot
 *   MX           "<priority> <exchange>"               e.g. "10 mx1.example.com"
 *   SRV          "<priority> <weight> <port> <target>" e.g. "0 5 5060 sip.example.com"
 *   TXT          the record's strings joined, as SPF and DKIM readers do. Under Bun 1.4 a
 *                record of several strings comes back as several records (one per string),
 *                so long DKIM keys show up split: https://github.com/oven-sh/bun/issues/21370
 * Sorted, because round-robin servers rotate their answers between queries.
 */
export async function lookupRecords(resolver: Resolver, hostname: string, type: RecordType): Promise<string[]> {
  return (await query(resolver, hostname, type)).sort();
}

async function query(resolver: Resolver, hostname: string, type: RecordType): Promise<string[]> {
  switch (type) {
    case "A":
      return resolver.resolve4(hostname);
    case "AAAA":
      return (await resolver.resolve6(hostname)).map(canonicalAddress);
    case "CNAME":
      return (await resolver.resolveCname(hostname)).map(normalizeName);
    case "NS":
      return (await resolver.resolveNs(hostname)).map(normalizeName);
    case "MX":
      return (await resolver.resolveMx(hostname)).map((mx) => `${mx.priority} ${normalizeName(mx.exchange)}`);
    case "SRV":
      return (await resolver.resolveSrv(hostname)).map((srv) => `${srv.priority} ${srv.weight} ${srv.port} ${normalizeName(srv.name)}`);
    case "TXT":
      return (await resolver.resolveTxt(hostname)).map((chunks) => chunks.join(""));
  }
}

/**
 * Whether an expected value (as a user typed it) names this record. For MX
 * and SRV the target name alone also matches, since priorities and weights
 * are often not what is being checked. TXT is compared exactly: its case matters.
 */
export function recordMatches(type: RecordType, expected: string, record: string): boolean {
  if (type === "TXT") return record === expected;
  if (record === normalizeExpected(type, expected)) return true;
  if (type === "MX" || type === "SRV") return record.split(" ").at(-1) === normalizeName(expected);
  return false;
}

function normalizeExpected(type: RecordType, value: string): string {
  switch (type) {
    case "A":
      return value.trim();
    case "AAAA":
      return canonicalAddress(value.trim());
    case "CNAME":
    case "NS":
      return normalizeName(value);
    default: {
      const parts = value.trim().split(/\s+/);
      const target = parts.pop() ?? "";
      return [...parts, normalizeName(target)].join(" ");
    }
  }
}

function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, "");
}

/** "2001:DB8:0::1" and "2001:db8::1" are the same address; the URL parser prints the canonical form. */
function canonicalAddress(address: string): string {
  if (isIP(address) !== 6) return address.toLowerCase();
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}
