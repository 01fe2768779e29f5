import { z } from "zod";
import { InputError } from "@checkstack/backend-api";

/** Where a page of incidents ended: the last row's sort key (createdAt, id), newest first. */
export interface IncidentCursor {
  createdAt: Date;
  id: string;
}

const CursorSchema = z.object({ c: z.iso.datetime(), i: z.uuid() });

/** Opaque to callers (base64url JSON), so the sort key can change without changing the contract. */
export function encodeIncidentCursor(cursor: IncidentCursor): string {
  return Buffer.from(JSON.stringify({ c: cursor.createdAt.toISOString(), i: cursor.id })).toString("base64url");
}

/** A cursor this server did not hand out is the caller's mistake: a 400 naming the field. */
export function decodeIncidentCursor(text: string): IncidentCursor {
  try {
    const parsed = CursorSchema.parse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    return { createdAt: new Date(parsed.c), id: parsed.i };
  } catch {
    throw new InputError("cursor is not a cursor this server returned (pass nextCursor from the previous page)", { path: "cursor" });
  }
}
