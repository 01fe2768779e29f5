import { defineHealthCheckStrategy, type HealthCheckResult, type HealthCheckRunContext } from "@checkstack/backend-api";
import { describeError, elapsedMs, startStrategyRun, timedOutResult } from "@checkstack/healthcheck-common/strategy-kit";
import { smtpCheckConfigSchema, type SmtpCheckConfig } from "./config";
import { converse, SmtpCheckFailure, type SmtpProgress } from "./smtp-dialogue";
import { SmtpConnection } from "./smtp-connection";
import { tlsOptions } from "./tls-options";

function metadataOf(progress: SmtpProgress): Record<string, unknown> {
  const { stage: _stage, ...metadata } = progress;
  return { ...metadata, banner: progress.banner ?? null };
}

export async function runSmtpCheck(config: SmtpCheckConfig, context?: HealthCheckRunContext): Promise<HealthCheckResult> {
  const run = startStrategyRun(context);
  if (run.signal.aborted) return timedOutResult(run);
  const target = `${config.host}:${config.port}`;
  const progress: SmtpProgress = { stage: "connect", capabilities: [], tls: false, tlsProtocol: null, authenticated: false };
  let connection: SmtpConnection | undefined;
  try {
    connection = await SmtpConnection.open(config.host, config.port, config.tlsMode === "implicit" ? tlsOptions(config) : undefined, run.signal);
    progress.connectMs = elapsedMs(run);
    await converse(connection, config, progress);
    const over = progress.tls ? ` over ${progress.tlsProtocol ?? "TLS"}` : " without TLS";
    const as = progress.authenticated ? `, authenticated as ${config.username ?? ""}` : "";
    return { healthy: true, latencyMs: elapsedMs(run), message: `${target} accepts mail${over}${as}`, metadata: metadataOf(progress) };
  } catch (error) {
    if (run.signal.aborted) return timedOutResult(run, metadataOf(progress));
    const message =
      error instanceof SmtpCheckFailure
        ? `${error.message} (${target})`
        : progress.stage === "connect"
          ? `connect to ${target} failed: ${describeError(error)}`
          : `smtp ${progress.stage} with ${target} failed: ${describeError(error)}`;
    return { healthy: false, latencyMs: elapsedMs(run), message, metadata: metadataOf(progress) };
  } finally {
    connection?.close();
  }
}

export const smtpStrategy = defineHealthCheckStrategy({
  id: "smtp",
  displayName: "SMTP",
  description: "Reads the SMTP banner, says EHLO, upgrades with STARTTLS, optionally logs in with AUTH, and checks the advertised capabilities.",
  configSchema: smtpCheckConfigSchema,
  execute: runSmtpCheck,
});
