import { z } from "zod";
import { InputError } from "@checkstack/backend-api";

/** Where a page of systems ended: the last row's sort key (name, id). */
export interface SystemCursor {
  name: string;
  id: string;
}

const CursorSchema = z.object({ n: z.string(), i: z.uuid() });

/** Opaque to callers (base64url JSON), so the sort key can change without changing the contract. */
export function encodeSystemCursor(cursor: SystemCursor): string {
  return Buffer.from(JSON.stringify({ n: cursor.name, i: cursor.id })).toString("base64url");
}

/** A cursor this server did not hand out is the caller's mistake: a 400 naming the field. */
export function decodeSystemCursor(text: string): SystemCursor {
  try {
    const parsed = CursorSchema.parse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    return { name: parsed.n, id: parsed.i };
  } catch {
    throw new InputError("cursor is not a cursor this server returned (pass nextCursor from the previous page)", { path: "cursor" });
  }
}
