import { z } from "zod";

/** One accepted status: a code (200), a class ("2xx") or an inclusive range ("200-299"). */
const STATUS_PATTERN = /^(?:([1-5])xx|([1-5]\d\d)(?:-([1-5]\d\d))?)$/i;

const statusCodeSchema = z
  .int("a status code must be a whole number")
  .min(100, "status codes are between 100 and 599")
  .max(599, "status codes are between 100 and 599");

const statusPatternSchema = z
  .string()
  .regex(STATUS_PATTERN, 'status patterns look like "2xx" or "200-299"')
  .refine((pattern) => {
    const match = STATUS_PATTERN.exec(pattern);
    return !match?.[3] || Number(match[2]) <= Number(match[3]);
  }, "a status range must go from low to high, as in \"200-299\"");

export const statusSpecSchema = z.union([statusCodeSchema, statusPatternSchema], {
  error: 'expected a status code (200), a class ("2xx") or a range ("200-299")',
});

export type StatusSpec = z.output<typeof statusSpecSchema>;

/** A single spec or a non-empty list, any of which may match. */
export const expectedStatusSchema = z.union([statusSpecSchema, z.array(statusSpecSchema).min(1, "list at least one expected status")]);

export type ExpectedStatus = z.output<typeof expectedStatusSchema>;

function matchesOne(spec: StatusSpec, status: number): boolean {
  if (typeof spec === "number") return spec === status;
  const match = STATUS_PATTERN.exec(spec);
  if (!match) return false;
  const [, statusClass, low, high] = match;
  if (statusClass) return Math.floor(status / 100) === Number(statusClass);
  return status >= Number(low) && status <= Number(high ?? low);
}

export function statusMatches(expected: ExpectedStatus, status: number): boolean {
  const specs = Array.isArray(expected) ? expected : [expected];
  return specs.some((spec) => matchesOne(spec, status));
}

export function describeExpectedStatus(expected: ExpectedStatus): string {
  const specs = Array.isArray(expected) ? expected : [expected];
  return specs.map((spec) => String(spec).toLowerCase()).join(", ");
}
