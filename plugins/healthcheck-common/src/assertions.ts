import { z } from "zod";
import { boundedJson } from "@checkstack/common";

const regex = z.string().min(1).max(500).refine((pattern) => {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}, "not a valid regular expression");

/** Conditions on a run's result; a failed assertion makes the run unhealthy. */
export const AssertionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("statusCode"), in: z.array(z.number().int().min(100).max(599)).min(1) }),
  z.object({ type: z.literal("latency"), maxMs: z.number().int().positive() }),
  z.object({ type: z.literal("bodyContains"), text: z.string().min(1).max(1000) }),
  z.object({ type: z.literal("bodyMatches"), pattern: regex }),
  z.object({ type: z.literal("jsonPath"), path: z.string().regex(/^\$(\.[A-Za-z_][\w-]*|\[\d+\])*$/, 'use paths like "$.status" or "$.items[0].ok"'), equals: boundedJson() }),
  z.object({ type: z.literal("certificateDaysLeft"), min: z.number().int().min(0) }),
  z.object({ type: z.literal("metadata"), key: z.string().min(1), equals: boundedJson() }),
]);
export type Assertion = z.infer<typeof AssertionSchema>;
