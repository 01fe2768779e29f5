import { z } from "zod";

export const StatusNotesItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type StatusNotesItem = z.infer<typeof StatusNotesItemSchema>;

const name = z.string().trim().min(1, "name must not be empty").max(200);
const description = z.string().max(2000);

// No id: the database assigns it, callers never choose one.
export const CreateStatusNotesItemSchema = z.object({
  name,
  description: description.optional(),
});
export type CreateStatusNotesItem = z.infer<typeof CreateStatusNotesItemSchema>;

export const StatusNotesItemIdSchema = z.object({ id: z.uuid("id must be a UUID") });

export const UpdateStatusNotesItemSchema = StatusNotesItemIdSchema.extend({
  name: name.optional(),
  // null clears the description; leaving it out keeps it.
  description: description.nullable().optional(),
}).refine((input) => input.name !== undefined || input.description !== undefined, {
  message: "give a name or a description to change",
});
export type UpdateStatusNotesItem = z.infer<typeof UpdateStatusNotesItemSchema>;

export const StatusNotesInfoSchema = z.object({
  pluginId: z.string(),
  displayName: z.string(),
  version: z.string(),
});
