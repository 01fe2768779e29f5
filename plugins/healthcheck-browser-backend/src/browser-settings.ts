import { z } from "zod";

/** The Chromium flags the platform runs checks with: no sandbox (containers), no GPU, no update or metrics traffic. */
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"];

export const CHROMIUM_PATH_ENV = "CHECKSTACK_CHROMIUM_PATH";
export const MAX_BROWSERS_ENV = "CHECKSTACK_BROWSER_MAX_CONCURRENCY";

/**
 * Per instance, from the environment: which binary runs is the operator's
 * choice, never a check's (a check config naming an executable would let
 * anyone who may create checks run programs on the server), and the cap
 * sizes this machine.
 */
const settingsSchema = z.object({
  [CHROMIUM_PATH_ENV]: z.string().startsWith("/", `${CHROMIUM_PATH_ENV} must be an absolute path`).default("/usr/bin/chromium"),
  [MAX_BROWSERS_ENV]: z.coerce
    .number(`${MAX_BROWSERS_ENV} must be a number`)
    .int(`${MAX_BROWSERS_ENV} must be a whole number`)
    .min(1, `${MAX_BROWSERS_ENV} must be at least 1`)
    .max(64, `${MAX_BROWSERS_ENV} may be at most 64`)
    .default(2),
});

export interface BrowserSettings {
  executablePath: string;
  maxConcurrentBrowsers: number;
}

/** Throws with the variable's name when it is set to something unusable. */
export function browserSettingsFromEnv(env: Record<string, string | undefined> = process.env): BrowserSettings {
  const present = Object.fromEntries(Object.entries(env).filter(([key, value]) => (key === CHROMIUM_PATH_ENV || key === MAX_BROWSERS_ENV) && value !== ""));
  const parsed = settingsSchema.safeParse(present);
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join("; "));
  return { executablePath: parsed.data[CHROMIUM_PATH_ENV], maxConcurrentBrowsers: parsed.data[MAX_BROWSERS_ENV] };
}
