import { count, eq, sql } from "drizzle-orm";
import type { SafeDatabase } from "@checkstack/backend-api";
import type { CreateMyItem } from "@checkstack/myfeature-common";
import type * as schema from "./schema";
import { myItems } from "./schema";

export type Database = SafeDatabase<typeof schema>;

export class MyFeatureService {
  constructor(private readonly database: Database) {}

  // The hot read, composed on first use and kept: a call pays for running it, not for building its SQL again.
  private itemByIdQuery: ReturnType<MyFeatureService["prepareItemById"]> | undefined;

  private prepareItemById() {
    return this.database.select().from(myItems).where(eq(myItems.id, sql.placeholder("id"))).prepare("myfeature_item_by_id");
  }

  async getItems() {
    return await this.database.select().from(myItems);
  }

  async getItem(id: string) {
    this.itemByIdQuery ??= this.prepareItemById();
    const [item] = await this.itemByIdQuery.execute({ id });
    return item ?? null;
  }

  async createItem(data: CreateMyItem) {
    const [item] = await this.database
      .insert(myItems)
      .values({
        name: data.name,
        description: data.description ?? null,
      })
      .returning();
    if (!item) throw new Error("insert returned no row");
    return item;
  }

  async deleteItem(id: string) {
    const deleted = await this.database.delete(myItems).where(eq(myItems.id, id)).returning({ id: myItems.id });
    return { deleted: deleted.length > 0 };
  }

  async countItems() {
    const [row] = await this.database.select({ count: count() }).from(myItems);
    return { count: row?.count ?? 0 };
  }
}
