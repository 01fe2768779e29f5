import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { System } from "@checkstack/catalog-common";
import type { CatalogDatabase } from "./database";
import { definedOnly } from "./changes";
import { uniqueName } from "./errors";
import { systems } from "./schema";
import { decodeSystemCursor, encodeSystemCursor } from "./system-cursor";

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
  constructor(private readonly database: CatalogDatabase) {
    this.selectById = database.select().from(systems).where(eq(systems.id, sql.placeholder("id"))).prepare("catalog_system_by_id");
  }

  /**
   * One keyset page by (name, id): each page costs the same however deep it
   * is, and the (name, id) index (or (owner_team_id, name, id) for a team's
   * systems) serves it in order, so the database stops after limit + 1 rows.
   */
  async list(page: { cursor?: string | undefined; limit: number; ownerTeamId?: string | undefined }): Promise<{ items: System[]; nextCursor: string | null }> {
    const after = page.cursor === undefined ? undefined : decodeSystemCursor(page.cursor);
    const rows = await this.database
      .select()
      .from(systems)
      .where(
        and(
          after ? sql`(${systems.name}, ${systems.id}) > (${after.name}, ${after.id}::uuid)` : undefined,
          page.ownerTeamId ? eq(systems.ownerTeamId, page.ownerTeamId) : undefined,
        ),
      )
      .orderBy(asc(systems.name), asc(systems.id))
      .limit(page.limit + 1);
    const more = rows.length > page.limit;
    const shown = more ? rows.slice(0, page.limit) : rows;
    const last = shown[shown.length - 1];
    return { items: shown, nextCursor: more && last ? encodeSystemCursor(last) : null };
  }

  /**
   * Built once: reading one system is the catalog's hottest path, and drizzle would otherwise build
   * the same SQL text again on every call. Row security applies when it runs, as for any statement.
   */
  private readonly selectById;

  async get(id: string): Promise<System | null> {
    const [row] = await this.selectById.execute({ id });
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
