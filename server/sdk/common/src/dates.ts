import { z } from "zod";

/**
 * Dates procedures accept. JavaScript dates reach further back than
 * PostgreSQL's timestamps (and a year before 1 prints in a form pg cannot
 * send), so a date outside years 1 to 9999 would fail inside SQL as a 500;
 * it is the caller's mistake and is refused as one.
 */
const MIN_TIME = Date.parse("0001-01-01T00:00:00.000Z");
const MAX_TIME = Date.parse("9999-12-31T23:59:59.999Z");

/** The message of a date outside what PostgreSQL stores; shared so callers can recognise it. */
export const DATE_RANGE_MESSAGE = "must be a date between 0001-01-01 and 9999-12-31";

/** True for a valid date PostgreSQL can store and compare. */
export function isDateInRange(date: Date): boolean {
  const time = date.getTime();
  return Number.isFinite(time) && time >= MIN_TIME && time <= MAX_TIME;
}

/**
 * A date in procedure input: a Date, an ISO 8601 string or epoch
 * milliseconds. A missing one says "required", a wrong one says what a date
 * looks like, and one out of range says the range.
 */
export function dateInput() {
  return z
    .union([z.date(), z.string().max(64), z.number()], {
      error: (issue) =>
        issue.input === undefined ? "required" : "must be a date: an ISO 8601 string, epoch milliseconds or a Date",
    })
    .transform((value, context) => {
      const date = value instanceof Date ? value : new Date(value);
      if (Number.isNaN(date.getTime())) {
        context.addIssue({ code: "custom", message: "must be a date: an ISO 8601 string, epoch milliseconds or a Date" });
        return z.NEVER;
      }
      if (!isDateInRange(date)) {
        context.addIssue({ code: "custom", message: DATE_RANGE_MESSAGE });
        return z.NEVER;
      }
      return date;
    });
}
