import { z } from "zod";
import { secret } from "@checkstack/backend-api";
import { SECRET_NAME, stepSchema } from "./steps";

export const MAX_STEPS = 50;

export const browserCheckConfigSchema = z
  .object({
  steps: z
    .array(stepSchema)
    .min(1, "a browser check needs at least one step")
    .max(MAX_STEPS, `a browser check may have at most ${MAX_STEPS} steps`)
    .describe("The script: steps run in order in one page; the first failing step ends the run. Usually starts with goto."),
  viewport: z
    .object({
      width: z.int().min(320, "viewport width must be at least 320").max(3840, "viewport width may be at most 3840").describe("Page width in CSS pixels."),
      height: z.int().min(240, "viewport height must be at least 240").max(2160, "viewport height may be at most 2160").describe("Page height in CSS pixels."),
    })
    .default({ width: 1280, height: 720 })
    .describe("The browser window's size; also the size of the failure screenshot."),
  ignoreHttpsErrors: z.boolean().default(false).describe("Accept pages whose TLS certificate does not verify (self-signed, expired)."),
  screenshotOnFailure: z.boolean().default(true).describe("Keep a PNG screenshot of the page when a step fails, stored with the run."),
  /*
   * Credentials live here, not in the steps: a secret inside one option of the
   * steps' union could not be told apart once sealed, and the platform would
   * then redact the whole step when the config is read back.
   */
  secrets: z
    .record(
      z.string().regex(SECRET_NAME, "secret names may only contain letters, digits, _ and -, starting with a letter or _"),
      secret(z.string().max(10_000, "a secret may be at most 10000 characters")),
    )
    .default({})
    .describe('Named credentials for fill steps (e.g. { "password": "…" }), used as { "action": "fill", "secret": "password" }. Every value is secret: encrypted at rest, redacted, never in the timeline.'),
  })
  .superRefine((config, ctx) => {
    config.steps.forEach((step, index) => {
      if (step.action === "fill" && step.secret !== undefined && !Object.hasOwn(config.secrets, step.secret)) {
        ctx.addIssue({ code: "custom", path: ["steps", index, "secret"], message: `secret "${step.secret}" is not among the check's secrets` });
      }
    });
  });

export type BrowserCheckConfig = z.output<typeof browserCheckConfigSchema>;
