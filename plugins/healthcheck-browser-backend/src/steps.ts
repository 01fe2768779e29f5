import { z } from "zod";

/**
 * The declarative steps of a browser check. Each is data, not code: a script
 * can only navigate, click, fill, and wait for or expect what a page shows.
 */

const selectorSchema = z
  .string()
  .trim()
  .min(1, "selector cannot be empty")
  .max(1000, "selector may be at most 1000 characters")
  .describe('Which element: a CSS selector (#login, .price), or a Playwright selector such as text="Sign in" or role=button[name="Save"].');

const stepFields = {
  name: z.string().trim().min(1, "name cannot be empty").max(100, "name may be at most 100 characters").optional().describe("How the step is called in the timeline; derived from the action when left out."),
  timeoutMs: z
    .int("timeoutMs must be a whole number of milliseconds")
    .min(100, "timeoutMs must be at least 100")
    .max(120_000, "timeoutMs may be at most 120000")
    .optional()
    .describe("How long this step may take; by default the time left in the check's timeout (minus a reserve for the failure screenshot)."),
};

const elementStates = ["visible", "hidden", "attached", "detached"] as const;
const stateSchema = z
  .enum(elementStates, `state must be one of ${elementStates.join(", ")}`)
  .default("visible")
  .describe("The state to wait for: visible, hidden, attached (in the DOM) or detached (gone from the DOM).");

export const gotoStepSchema = z.object({
  action: z.literal("goto").describe("Open a URL in the page."),
  url: z.url({ protocol: /^https?$/, error: "url must be an absolute http:// or https:// URL" }).describe("The page to open."),
  waitUntil: z
    .enum(["load", "domcontentloaded", "networkidle"], "waitUntil must be load, domcontentloaded or networkidle")
    .default("load")
    .describe("When navigation counts as done: load, domcontentloaded, or networkidle (no requests for 500 ms)."),
  ...stepFields,
});

export const clickStepSchema = z.object({
  action: z.literal("click").describe("Click an element (waiting until it is visible, stable and enabled)."),
  selector: selectorSchema,
  ...stepFields,
});

/** Names of the check's secrets, referenced by fill steps. */
export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

export const fillStepSchema = z
  .object({
    action: z.literal("fill").describe("Type a value into an input, textarea or contenteditable element."),
    selector: selectorSchema,
    value: z.string().max(10_000, "value may be at most 10000 characters").optional().describe("The text to enter, stored in plain text. For passwords use secret instead."),
    secret: z
      .string()
      .regex(SECRET_NAME, "secret must name an entry of the check's secrets (letters, digits, _ and -)")
      .optional()
      .describe("The name of an entry in the check's secrets whose value is entered: for credentials, which are encrypted at rest and redacted."),
    ...stepFields,
  })
  .superRefine((step, ctx) => {
    if ((step.value === undefined) === (step.secret === undefined)) {
      ctx.addIssue({ code: "custom", path: ["value"], message: "a fill step needs exactly one of value or secret" });
    }
  });

export const expectTextStepSchema = z.object({
  action: z.literal("expectText").describe("Expect an element to show a text."),
  text: z.string().min(1, "text cannot be empty").max(10_000, "text may be at most 10000 characters").describe("The text to find (a substring, case-sensitive)."),
  selector: selectorSchema.default("body").describe("Where the text must appear; the whole page (body) when left out."),
  ...stepFields,
});

export const expectSelectorStepSchema = z.object({
  action: z.literal("expectSelector").describe("Expect an element to be in a state (visible by default)."),
  selector: selectorSchema,
  state: stateSchema,
  ...stepFields,
});

export const waitForSelectorStepSchema = z.object({
  action: z
    .enum(["waitForSelector", "wait-for-selector"], "action must be waitForSelector")
    .describe("Wait for an element to reach a state before going on (wait-for-selector is accepted too)."),
  selector: selectorSchema,
  state: stateSchema,
  ...stepFields,
});

export const stepSchema = z.discriminatedUnion(
  "action",
  [gotoStepSchema, clickStepSchema, fillStepSchema, expectTextStepSchema, expectSelectorStepSchema, waitForSelectorStepSchema],
  { error: "action must be one of goto, click, fill, expectText, expectSelector, waitForSelector" },
);

export type Step = z.output<typeof stepSchema>;

/** The step's name in the timeline: its own, or the action and its target (never a filled value). */
export function stepName(step: Step): string {
  if (step.name) return step.name;
  switch (step.action) {
    case "goto":
      return `goto ${step.url}`;
    case "expectText":
      return `expectText ${JSON.stringify(step.text)}`;
    case "waitForSelector":
    case "wait-for-selector":
      return `waitForSelector ${step.selector}`;
    default:
      return `${step.action} ${step.selector}`;
  }
}
