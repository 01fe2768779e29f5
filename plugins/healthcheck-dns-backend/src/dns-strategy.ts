import { Resolver } from "node:dns/promises";
import { defineHealthCheckStrategy, type HealthCheckResult, type HealthCheckRunContext } from "@checkstack/backend-api";
import { describeError, elapsedMs, startStrategyRun, timedOutResult } from "@checkstack/healthcheck-common/strategy-kit";
import { dnsCheckConfigSchema, type DnsCheckConfig } from "./config";
import { errorCode } from "./errors";
import { lookupRecords, recordMatches } from "./records";
import { parseResolverAddress } from "./resolver-address";

export async function runDnsCheck(config: DnsCheckConfig, context?: HealthCheckRunContext): Promise<HealthCheckResult> {
  const run = startStrategyRun(context);
  if (run.signal.aborted) return timedOutResult(run);
  // Two tries, each given half the check's time, so one lost UDP packet is retried in time.
  const resolver = new Resolver({ timeout: Math.max(100, Math.ceil(run.timeoutMs / 2)), tries: 2 });
  const server = serverFor(config);
  if (server) resolver.setServers([server]);
  const baseMetadata = { recordType: config.recordType, resolver: server ?? "system" };
  // cancel() rejects the pending query with ECANCELLED and stops its retransmissions.
  const cancel = () => resolver.cancel();
  run.signal.addEventListener("abort", cancel, { once: true });
  const subject = `${config.recordType} records of ${config.hostname}`;
  try {
    const records = await lookupRecords(resolver, config.hostname, config.recordType);
    const latencyMs = elapsedMs(run);
    const metadata = { ...baseMetadata, records };
    if (records.length === 0) return { healthy: false, latencyMs, message: `no ${subject}`, metadata };
    const verdict = judge(config, records);
    return { healthy: verdict.healthy, latencyMs, message: verdict.message ?? `${records.length} ${subject}`, metadata };
  } catch (error) {
    if (run.signal.aborted) return timedOutResult(run, { ...baseMetadata, records: [] });
    return { healthy: false, latencyMs: elapsedMs(run), message: describeLookupError(error, config), metadata: { ...baseMetadata, records: [] } };
  } finally {
    run.signal.removeEventListener("abort", cancel);
  }
}

function serverFor(config: DnsCheckConfig): string | undefined {
  if (config.resolver === undefined) return undefined;
  const server = parseResolverAddress(config.resolver);
  // The schema refuses such values, so reaching this is a bug in the caller, not a failed check.
  if (!server) throw new Error(`invalid resolver address ${JSON.stringify(config.resolver)}: the config was not validated`);
  return server;
}

function judge(config: DnsCheckConfig, records: string[]): { healthy: boolean; message?: string } {
  if (!config.expected) return { healthy: true };
  const { values, match } = config.expected;
  const missing = values.filter((value) => !records.some((record) => recordMatches(config.recordType, value, record)));
  const list = (items: string[]) => items.map((item) => JSON.stringify(item)).join(", ");
  if (match === "all" && missing.length > 0) {
    return { healthy: false, message: `missing expected ${config.recordType} records: ${list(missing)} (got ${list(records)})` };
  }
  if (match === "any" && missing.length === values.length) {
    return { healthy: false, message: `none of the expected ${config.recordType} records found: ${list(values)} (got ${list(records)})` };
  }
  return { healthy: true };
}

function describeLookupError(error: unknown, config: DnsCheckConfig): string {
  const code = errorCode(error);
  // Node says ENOTFOUND for NXDOMAIN and ENODATA for a name without such records; Bun 1.4 says
  // ENOTFOUND for both, so the message does not claim which it was.
  if (code === "ENOTFOUND" || code === "ENODATA") return `found no ${config.recordType} records for ${config.hostname} (${code})`;
  const message = describeError(error);
  const reason = code && !message.includes(code) ? `${code}: ${message}` : message;
  return `lookup of ${config.recordType} records of ${config.hostname} failed: ${reason}`;
}

export const dnsStrategy = defineHealthCheckStrategy({
  id: "dns",
  displayName: "DNS",
  description: "Resolves a record (A, AAAA, CNAME, MX, TXT, NS, SRV), optionally at a given resolver, and checks the answers.",
  configSchema: dnsCheckConfigSchema,
  execute: runDnsCheck,
});
