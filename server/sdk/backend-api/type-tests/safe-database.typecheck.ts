/**
 * Compile-time checks that SafeDatabase blocks what its doc comment says it
 * blocks. `npm run typecheck` fails if any @ts-expect-error below stops being
 * an error, i.e. if a drizzle upgrade or an edit of the type lets one through.
 */
import { pgTable, text } from "drizzle-orm/pg-core";
import type { SafeDatabase } from "@checkstack/backend-api";

const items = pgTable("items", { id: text("id").primaryKey() });
declare const db: SafeDatabase<{ items: typeof items }>;

export async function allowed(): Promise<void> {
  await db.select().from(items);
  await db.query.items.findMany();
  await db.transaction(async (tx) => {
    await tx.insert(items).values({ id: "a" });
    await tx.transaction(async (inner) => inner.delete(items));
    tx.rollback();
  });
}

export async function blocked(): Promise<void> {
  // @ts-expect-error the raw pool would run outside the request's transaction and principal
  void db.$client;
  // @ts-expect-error drizzle's session object leads to the raw client
  void db._;
  // @ts-expect-error the platform chooses isolation and access mode
  await db.transaction(async () => undefined, { isolationLevel: "serializable" });
  await db.transaction(async (tx) => {
    // @ts-expect-error SET TRANSACTION would change the request's mode
    await tx.setTransaction({ accessMode: "read write" });
    // @ts-expect-error nested transactions take no config either
    await tx.transaction(async () => undefined, { accessMode: "read write" });
    // @ts-expect-error no session object inside a transaction either
    void tx._;
  });
}
