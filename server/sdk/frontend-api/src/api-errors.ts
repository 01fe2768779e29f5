/** What the server says about a failed call, in the platform's one error shape. */
export interface ApiFailure {
  message: string;
  code: string | undefined;
  status: number | undefined;
  /** Field path ("config.url") → the server's message for that field. */
  fieldErrors: Record<string, string>;
}

interface Issue {
  path?: unknown;
  message?: unknown;
}

/** Reads an oRPC client error (or any thrown value) into what a screen shows. */
export function describeFailure(error: unknown): ApiFailure {
  const fieldErrors: Record<string, string> = {};
  if (typeof error !== "object" || error === null) return { message: String(error), code: undefined, status: undefined, fieldErrors };
  const { message, code, status, data } = error as { message?: unknown; code?: unknown; status?: unknown; data?: unknown };
  const issues = typeof data === "object" && data !== null ? (data as { issues?: unknown }).issues : undefined;
  if (Array.isArray(issues)) {
    for (const issue of issues as Issue[]) {
      if (typeof issue.message !== "string") continue;
      const path = typeof issue.path === "string" ? issue.path : Array.isArray(issue.path) ? issue.path.join(".") : "";
      fieldErrors[path] ??= issue.message;
    }
  }
  return {
    message: typeof message === "string" && message ? message : "The request failed",
    code: typeof code === "string" ? code : undefined,
    status: typeof status === "number" ? status : undefined,
    fieldErrors,
  };
}

/** Field errors under a prefix ("config"), with the prefix removed: for a form that edits one part of the input. */
export function fieldErrorsUnder(errors: Record<string, string>, prefix: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    if (path === prefix) found[""] = message;
    else if (path.startsWith(`${prefix}.`)) found[path.slice(prefix.length + 1)] = message;
  }
  return found;
}
