import { isIP } from "node:net";
import { connect } from "node:tls";
import { defineHealthCheckStrategy, type HealthCheckResult, type HealthCheckRunContext } from "@checkstack/backend-api";
import { describeError, elapsedMs, startStrategyRun, timedOutResult } from "@checkstack/healthcheck-common/strategy-kit";
import { describeCertificate, type CertificateFacts } from "./certificate";
import { tlsCheckConfigSchema, type TlsCheckConfig } from "./config";
import { waitForHandshake } from "./handshake";

export async function runTlsCheck(config: TlsCheckConfig, context?: HealthCheckRunContext): Promise<HealthCheckResult> {
  const run = startStrategyRun(context);
  if (run.signal.aborted) return timedOutResult(run);
  const target = `${config.host}:${config.port}`;
  const servername = config.servername ?? (isIP(config.host) === 0 ? config.host : undefined);
  const socket = connect({
    host: config.host,
    port: config.port,
    ...(servername === undefined ? {} : { servername }),
    ...(config.ca === undefined ? {} : { ca: config.ca }),
    // We judge the chain ourselves (allowInvalidChain), and need the certificate even when it is bad.
    rejectUnauthorized: false,
  });
  const destroy = () => socket.destroy();
  run.signal.addEventListener("abort", destroy, { once: true });
  try {
    await waitForHandshake(socket, run.signal);
    const handshakeMs = elapsedMs(run);
    const certificate = socket.getPeerCertificate(false);
    if (Object.keys(certificate).length === 0) {
      return { healthy: false, latencyMs: handshakeMs, message: `${target} presented no certificate`, metadata: { handshakeMs } };
    }
    const facts = describeCertificate(socket, certificate);
    const problems = findProblems(config, facts);
    return {
      healthy: problems.length === 0,
      latencyMs: handshakeMs,
      message: problems.length > 0 ? problems.join("; ") : `certificate valid for ${facts.daysUntilExpiry} more days (until ${facts.validTo})`,
      metadata: { ...facts, handshakeMs },
    };
  } catch (error) {
    if (run.signal.aborted) return timedOutResult(run);
    return { healthy: false, latencyMs: elapsedMs(run), message: `TLS connection to ${target} failed: ${describeError(error)}` };
  } finally {
    run.signal.removeEventListener("abort", destroy);
    socket.destroy();
  }
}

function findProblems(config: TlsCheckConfig, facts: CertificateFacts): string[] {
  const problems: string[] = [];
  if (facts.daysUntilExpiry < 0) {
    problems.push(`certificate expired on ${facts.validTo}`);
  } else if (facts.daysUntilExpiry < config.minDaysValid) {
    problems.push(`certificate expires in ${facts.daysUntilExpiry} days (on ${facts.validTo}), fewer than the required ${config.minDaysValid}`);
  }
  if (!facts.chainValid && !config.allowInvalidChain) {
    problems.push(`certificate is not trusted: ${facts.authorizationError ?? "verification failed"}`);
  }
  return problems;
}

export const tlsStrategy = defineHealthCheckStrategy({
  id: "tls",
  displayName: "TLS certificate",
  description: "Connects with TLS and checks the peer certificate's expiry and chain.",
  configSchema: tlsCheckConfigSchema,
  execute: runTlsCheck,
});
