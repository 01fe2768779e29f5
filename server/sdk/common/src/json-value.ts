import { z } from "zod";

function depthOf(value: unknown, limit: number, depth = 0): number {
  if (depth > limit || typeof value !== "object" || value === null) return depth;
  let deepest = depth;
  for (const entry of Object.values(value)) deepest = Math.max(deepest, depthOf(entry, limit, depth + 1));
  return deepest;
}

/**
 * A free-form JSON value (an assertion's expected value, a strategy's
 * config) with bounds: it is stored and compared, so its size and nesting
 * are the caller's to keep reasonable, not the database's.
 */
export function boundedJson(limits: { maxBytes: number; maxDepth: number } = { maxBytes: 64 * 1024, maxDepth: 16 }) {
  return z.unknown().superRefine((value, context) => {
    if (depthOf(value, limits.maxDepth) > limits.maxDepth) {
      context.addIssue({ code: "custom", message: `nested deeper than ${limits.maxDepth} levels` });
      return;
    }
    const bytes = new TextEncoder().encode(JSON.stringify(value) ?? "").byteLength;
    if (bytes > limits.maxBytes) context.addIssue({ code: "custom", message: `larger than ${limits.maxBytes} bytes as JSON` });
  });
}
