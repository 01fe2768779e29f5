import { z } from "zod";

export const ItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type MyItem = z.infer<typeof ItemSchema>;

export const CreateItemSchema = z.object({
  name: z.string().trim().min(1, "name must not be empty").max(200),
  description: z.string().max(2000).optional(),
});
export type CreateMyItem = z.infer<typeof CreateItemSchema>;

export const ItemIdSchema = z.object({ itemId: z.uuid("itemId must be a UUID") });
