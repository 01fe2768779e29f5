import { defineHealthCheckStrategy, type HealthCheckResult, type HealthCheckRunContext } from "@checkstack/backend-api";
import { describeError, elapsedMs, startStrategyRun, timedOutResult } from "@checkstack/healthcheck-common/strategy-kit";
import { CheckFailure, redactUrl } from "./check-failure";
import { httpCheckConfigSchema, type HttpCheckConfig } from "./config";
import { sendWithRedirects, type RequestOutcome } from "./request";
import { isJsonContentType, parseJsonBody, readBodyPrefix, type BodyPrefix } from "./response-body";
import { describeExpectedStatus, statusMatches } from "./status-matcher";
import { errorCode } from "./tls-errors";

export async function runHttpCheck(config: HttpCheckConfig, context?: HealthCheckRunContext): Promise<HealthCheckResult> {
  const run = startStrategyRun(context);
  if (run.signal.aborted) return timedOutResult(run);
  try {
    const outcome = await sendWithRedirects(config, run.signal);
    const body = config.method === "HEAD" ? { text: "", truncated: false } : await readBodyPrefix(outcome.response);
    const latencyMs = elapsedMs(run);
    const { status, statusText } = outcome.response;
    const healthy = statusMatches(config.expectedStatus, status);
    return {
      healthy,
      latencyMs,
      message: healthy
        ? `${status} ${statusText}`.trim()
        : `unexpected status ${status} (expected ${describeExpectedStatus(config.expectedStatus)})`,
      metadata: describeResponse(outcome, body),
    };
  } catch (error) {
    if (run.signal.aborted) return timedOutResult(run);
    const latencyMs = elapsedMs(run);
    if (error instanceof CheckFailure) {
      return { healthy: false, latencyMs, message: error.message, ...(error.metadata ? { metadata: error.metadata } : {}) };
    }
    return { healthy: false, latencyMs, message: `request to ${redactUrl(new URL(config.url))} failed: ${describeFetchError(error)}` };
  }
}

function describeResponse(outcome: RequestOutcome, body: BodyPrefix): Record<string, unknown> {
  const { response } = outcome;
  const contentType = response.headers.get("content-type");
  // A truncated document cannot parse, and a partial parse would mislead assertions.
  const json = isJsonContentType(contentType) && !body.truncated ? parseJsonBody(body.text) : undefined;
  return {
    statusCode: response.status,
    statusText: response.statusText,
    headers: headersRecord(response.headers),
    body: body.text,
    bodyTruncated: body.truncated,
    ...(json === undefined ? {} : { json }),
    redirects: outcome.redirects,
    redirectCount: outcome.redirects.length,
    finalUrl: redactUrl(outcome.finalUrl),
    tlsAuthorized: outcome.tlsAuthorized,
  };
}

/** Header names are already lower-cased by Headers; repeated headers are joined as HTTP allows. */
function headersRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of headers) {
    record[name] = name in record ? `${record[name]}, ${value}` : value;
  }
  return record;
}

function describeFetchError(error: unknown): string {
  const message = describeError(error);
  const code = errorCode(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

export const httpStrategy = defineHealthCheckStrategy({
  id: "http",
  displayName: "HTTP(S)",
  description: "Sends one HTTP(S) request and checks the response status; reports headers, body, JSON and redirects.",
  configSchema: httpCheckConfigSchema,
  execute: runHttpCheck,
});
