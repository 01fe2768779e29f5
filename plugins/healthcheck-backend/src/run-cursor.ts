import { z } from "zod";
import { InputError } from "@checkstack/backend-api";

/** Where a page of runs ended: the last run's started_at (microseconds since 1970, as a decimal string) and id. */
export interface RunCursor {
  at: string;
  id: number;
}

const CursorSchema = z.object({ a: z.string().regex(/^-?\d{1,18}$/), i: z.number().int().nonnegative() });

/** Opaque to callers (base64url JSON). */
export function encodeRunCursor(cursor: RunCursor): string {
  return Buffer.from(JSON.stringify({ a: cursor.at, i: cursor.id })).toString("base64url");
}

/** A cursor this server did not hand out is the caller's mistake: a 400 naming the field. */
export function decodeRunCursor(text: string): RunCursor {
  const invalid = () => new InputError("cursor is not a cursor this server returned (pass nextCursor from the previous page)", { path: "cursor" });
  try {
    const parsed = CursorSchema.parse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    return { at: parsed.a, id: parsed.i };
  } catch {
    throw invalid();
  }
}
