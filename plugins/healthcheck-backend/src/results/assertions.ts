import type { Assertion } from "@checkstack/healthcheck-common";

export interface ObservedRun {
  latencyMs: number;
  metadata: Record<string, unknown>;
}

/** "$.items[0].ok" -> the value there, or undefined. */
export function readJsonPath(document: unknown, path: string): unknown {
  const steps = path.slice(1).match(/\.[A-Za-z_][\w-]*|\[\d+\]/g) ?? [];
  let current: unknown = document;
  for (const step of steps) {
    if (current === null || typeof current !== "object") return undefined;
    const key = step.startsWith(".") ? step.slice(1) : Number(step.slice(1, -1));
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

function sameValue(actual: unknown, expected: unknown): boolean {
  return JSON.stringify(actual) === JSON.stringify(expected);
}

function describeFailure(assertion: Assertion, run: ObservedRun): string | undefined {
  const { metadata } = run;
  switch (assertion.type) {
    case "statusCode": {
      const status = metadata["statusCode"];
      return typeof status === "number" && assertion.in.includes(status) ? undefined : `status ${String(status)} not in ${assertion.in.join(", ")}`;
    }
    case "latency":
      return run.latencyMs <= assertion.maxMs ? undefined : `latency ${Math.round(run.latencyMs)} ms over ${assertion.maxMs} ms`;
    case "bodyContains": {
      const body = metadata["body"];
      return typeof body === "string" && body.includes(assertion.text) ? undefined : `body does not contain "${assertion.text}"`;
    }
    case "bodyMatches": {
      const body = metadata["body"];
      return typeof body === "string" && new RegExp(assertion.pattern).test(body) ? undefined : `body does not match /${assertion.pattern}/`;
    }
    case "jsonPath": {
      const value = readJsonPath(metadata["json"], assertion.path);
      return sameValue(value, assertion.equals) ? undefined : `${assertion.path} is ${JSON.stringify(value)}, expected ${JSON.stringify(assertion.equals)}`;
    }
    case "certificateDaysLeft": {
      const days = metadata["daysUntilExpiry"];
      return typeof days === "number" && days >= assertion.min ? undefined : `certificate expires in ${String(days)} days (minimum ${assertion.min})`;
    }
    case "metadata":
      return sameValue(metadata[assertion.key], assertion.equals)
        ? undefined
        : `${assertion.key} is ${JSON.stringify(metadata[assertion.key])}, expected ${JSON.stringify(assertion.equals)}`;
  }
}

/** Every failed assertion, described; empty when all hold. */
export function failedAssertions(assertions: ReadonlyArray<Assertion>, run: ObservedRun): string[] {
  return assertions.map((assertion) => describeFailure(assertion, run)).filter((failure): failure is string => failure !== undefined);
}
