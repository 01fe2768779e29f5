import { defineHealthCheckStrategy, type HealthCheckResult, type HealthCheckRunContext } from "@checkstack/backend-api";
import { describeError, elapsedMs, startStrategyRun, timedOutResult } from "@checkstack/healthcheck-common/strategy-kit";
import { domainExpiryCheckConfigSchema, type DomainExpiryCheckConfig } from "./config";
import { HttpStatusError, fetchJson } from "./json-fetch";
import { rdapBaseUrlFor } from "./rdap-bootstrap";
import { expirationDate, rdapDomainSchema, rdapErrorSchema } from "./rdap-response";

const DAY_MS = 24 * 60 * 60 * 1000;

export type ExpiryStatus = "ok" | "warning" | "critical";

export function expiryStatus(daysLeft: number, config: DomainExpiryCheckConfig): ExpiryStatus {
  if (daysLeft < config.criticalDays || daysLeft < 0) return "critical";
  if (daysLeft < config.warnDays) return "warning";
  return "ok";
}

function lookupUrl(base: string, domain: string): string {
  return `${base.replace(/\/+$/, "")}/domain/${encodeURIComponent(domain)}`;
}

function describeHttpError(error: HttpStatusError, domain: string): string {
  const body = rdapErrorSchema.safeParse(error.body);
  const title = body.success && body.data.title ? `: ${body.data.title}` : "";
  if (error.status === 404) return `${domain} is not registered at ${error.url} (HTTP 404${title})`;
  return `RDAP lookup ${error.url} failed with HTTP ${error.status}${title}`;
}

export async function runDomainExpiryCheck(config: DomainExpiryCheckConfig, context?: HealthCheckRunContext, now: () => Date = () => new Date()): Promise<HealthCheckResult> {
  const run = startStrategyRun(context);
  if (run.signal.aborted) return timedOutResult(run);
  let url: string | undefined;
  try {
    const base = config.rdapBaseUrl ?? (await rdapBaseUrlFor(config.domain, run.signal));
    url = lookupUrl(base, config.domain);
    const parsed = rdapDomainSchema.safeParse(await fetchJson(url, run.signal));
    const latencyMs = elapsedMs(run);
    if (!parsed.success) return { healthy: false, latencyMs, message: `${url} did not answer an RDAP domain object`, metadata: { rdapUrl: url } };
    const domain = parsed.data;
    const expires = expirationDate(domain);
    const facts = { rdapUrl: url, domainStatus: domain.status ?? [] };
    if (!expires) {
      return { healthy: false, latencyMs, message: `the RDAP record of ${config.domain} has no expiration event`, metadata: facts };
    }
    const daysLeft = Math.floor((expires.getTime() - now().getTime()) / DAY_MS);
    const status = expiryStatus(daysLeft, config);
    // daysUntilExpiry as well, so the days-left assertion the TLS check uses works here too.
    const metadata = { ...facts, expiresAt: expires.toISOString(), daysLeft, daysUntilExpiry: daysLeft, expiryStatus: status };
    const when = daysLeft < 0 ? `expired ${-daysLeft} days ago` : `expires in ${daysLeft} days`;
    if (status === "critical") {
      return { healthy: false, latencyMs, message: `${config.domain} ${when} (${expires.toISOString().slice(0, 10)}; critical below ${config.criticalDays})`, metadata };
    }
    const warning = status === "warning" ? `; warning below ${config.warnDays}` : "";
    return { healthy: true, latencyMs, message: `${config.domain} ${when} (${expires.toISOString().slice(0, 10)}${warning})`, metadata };
  } catch (error) {
    if (run.signal.aborted) return timedOutResult(run, url ? { rdapUrl: url } : undefined);
    const message = error instanceof HttpStatusError ? describeHttpError(error, config.domain) : `RDAP lookup of ${config.domain} failed: ${describeError(error)}`;
    return { healthy: false, latencyMs: elapsedMs(run), message, ...(url ? { metadata: { rdapUrl: url } } : {}) };
  }
}

export const domainExpiryStrategy = defineHealthCheckStrategy({
  id: "domain-expiry",
  displayName: "Domain expiry",
  description: "Looks up a domain's registration expiry over RDAP and reports the days left; unhealthy below the critical threshold.",
  configSchema: domainExpiryCheckConfigSchema,
  execute: (config, context) => runDomainExpiryCheck(config, context),
});
