import { asc, eq, inArray } from "drizzle-orm";
import type { System } from "@checkstack/catalog-common";
import type { CatalogDatabase } from "./database";
import { definedOnly } from "./changes";
import { uniqueName } from "./errors";
import { systems } from "./schema";

export interface NewSystem {
  name: string;
  description?: string | undefined;
  ownerTeamId?: string | undefined;
  links: System["links"];
  metadata: System["metadata"];
}

export interface SystemChanges {
  name?: string | undefined;
  description?: string | null | undefined;
  ownerTeamId?: string | null | undefined;
  links?: System["links"] | undefined;
  metadata?: System["metadata"] | undefined;
}

/**
 * Systems in the catalog's own table. Row-level security decides which rows
 * a query sees or may change, so "not found" here also covers "not yours".
 */
export class SystemService {
  constructor(private readonly database: CatalogDatabase) {}

  async list(): Promise<System[]> {
    return this.database.select().from(systems).orderBy(asc(systems.name));
  }

  async get(id: string): Promise<System | null> {
    const [row] = await this.database.select().from(systems).where(eq(systems.id, id));
    return row ?? null;
  }

  async getByIds(ids: ReadonlyArray<string>): Promise<System[]> {
    if (ids.length === 0) return [];
    return this.database
      .select()
      .from(systems)
      .where(inArray(systems.id, [...new Set(ids)]))
      .orderBy(asc(systems.name));
  }

  async create(input: NewSystem): Promise<System> {
    const [row] = await uniqueName("system", input.name, () =>
      this.database
        .insert(systems)
        .values({
          name: input.name,
          description: input.description ?? null,
          ownerTeamId: input.ownerTeamId ?? null,
          links: input.links,
          metadata: input.metadata,
        })
        .returning(),
    );
    if (!row) throw new Error("inserting a system returned no row");
    return row;
  }

  /** null when there is no such system (or the caller may not change it). */
  async update(id: string, changes: SystemChanges): Promise<System | null> {
    const set = definedOnly(changes);
    const [row] = await uniqueName("system", changes.name ?? "", () =>
      this.database
        .update(systems)
        .set({ ...set, updatedAt: new Date() })
        .where(eq(systems.id, id))
        .returning(),
    );
    return row ?? null;
  }

  /** The deleted row, or null when there was none to delete. Group memberships go with it (ON DELETE CASCADE). */
  async delete(id: string): Promise<System | null> {
    const [row] = await this.database.delete(systems).where(eq(systems.id, id)).returning();
    return row ?? null;
  }
}
