import { asc, eq, sql } from "drizzle-orm";
import type { SafeDatabase } from "@checkstack/backend-api";
import type { CreateStatusNotesItem, UpdateStatusNotesItem } from "@checkstack/status-notes-common";
import type * as schema from "./schema";
import { statusNotesItems } from "./schema";

export type Database = SafeDatabase<typeof schema>;

/**
 * The plugin's business logic, apart from the router so it can be tested
 * against a real database. Inside a request, the database joins that request's
 * transaction and runs as its caller.
 */
export class StatusNotesService {
  constructor(private readonly database: Database) {}

  async list() {
    return await this.database.select().from(statusNotesItems).orderBy(asc(statusNotesItems.createdAt), asc(statusNotesItems.id));
  }

  async get(id: string) {
    const [item] = await this.database.select().from(statusNotesItems).where(eq(statusNotesItems.id, id));
    return item ?? null;
  }

  async create(data: CreateStatusNotesItem) {
    const [item] = await this.database
      .insert(statusNotesItems)
      .values({ name: data.name, description: data.description ?? null })
      .returning();
    if (!item) throw new Error("insert returned no row");
    return item;
  }

  /** Fields left undefined keep their value (drizzle skips them). */
  async update({ id, name, description }: UpdateStatusNotesItem) {
    const [item] = await this.database
      .update(statusNotesItems)
      .set({ name, description, updatedAt: sql`now()` })
      .where(eq(statusNotesItems.id, id))
      .returning();
    return item ?? null;
  }

  async delete(id: string) {
    const deleted = await this.database.delete(statusNotesItems).where(eq(statusNotesItems.id, id)).returning({ id: statusNotesItems.id });
    return { deleted: deleted.length > 0 };
  }
}
