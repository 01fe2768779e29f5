import type { NotificationDelivery } from "@checkstack/backend-api";
import { redactDelivery } from "@checkstack/notification-kit";
import { SmtpTargetRefusedError } from "./smtp-target";

interface SmtpError {
  message?: unknown;
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
  permanent?: unknown;
  name?: unknown;
}

/** Errors no retry can fix: the server's TLS is not what the config demands, or the config itself is wrong. */
const FINAL_CODES = new Set(["ETLS", "EAUTH", "ECONFIG", "EENVELOPE"]);

/**
 * An SMTP failure as a delivery: the server's reply class decides (5xx final, 4xx retryable, as nodemailer
 * reports in `permanent`); without a reply, connection failures and the signal's abort are retryable,
 * while TLS mismatches, certificate failures, refused targets and rejected credentials are final.
 */
export function deliveryFromSmtpError(error: unknown, secrets: ReadonlyArray<string>): NotificationDelivery {
  const failure = (error ?? {}) as SmtpError;
  const message = typeof failure.message === "string" ? failure.message : String(error);
  const responseCode = typeof failure.responseCode === "number" ? failure.responseCode : undefined;
  let retryable: boolean;
  if (error instanceof SmtpTargetRefusedError) retryable = false;
  else if (typeof failure.permanent === "boolean") retryable = !failure.permanent;
  else if (failure.name === "AbortError") retryable = true;
  else if (/certificate/i.test(message)) retryable = false;
  else retryable = !FINAL_CODES.has(String(failure.code));
  return redactDelivery(
    {
      ok: false,
      error: message,
      retryable,
      ...(responseCode !== undefined ? { providerStatus: responseCode } : {}),
      ...(typeof failure.response === "string" ? { providerResponse: failure.response } : {}),
    },
    secrets,
  );
}
