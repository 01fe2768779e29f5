import { and, eq, inArray, sql } from "drizzle-orm";
import { InputError, NotFoundError } from "@checkstack/backend-api";
import type { Dependency, DependencyImpact, RelatedSystem, SystemContext } from "@checkstack/catalog-common";
import type { CatalogDatabase } from "./database";
import { systemDependencies, systemGroups, systems } from "./schema";

interface RelatedRow extends Record<string, unknown> {
  origin: string;
  system_id: string;
  name: string;
  impact: DependencyImpact;
  depth: number;
}

/** Depth bound of the graph walks: a chain longer than this is a modelling mistake, not a real dependency. */
const MAX_DEPTH = 32;

/**
 * Dependencies between systems. Reads and writes run as the caller, so row security on
 * system_dependencies (keyed by the dependant) and on systems decides what is seen and changed.
 */
export class DependencyService {
  constructor(private readonly database: CatalogDatabase) {}

  /**
   * Refuses a dependency that would close a cycle: the new edge A→B closes one when B already
   * reaches A. The check and the insert run under one transaction-scoped lock, so two concurrent
   * additions (A→B and B→A) cannot both pass the check.
   */
  async add(systemId: string, dependsOnId: string, impact: DependencyImpact): Promise<Dependency> {
    if (systemId === dependsOnId) throw new InputError("a system cannot depend on itself", { path: "dependsOnSystemId" });
    await this.database.execute(sql`SELECT pg_advisory_xact_lock(hashtext('catalog.system_dependencies'))`);
    const found = await this.database.select({ id: systems.id }).from(systems).where(inArray(systems.id, [systemId, dependsOnId]));
    if (!found.some((row) => row.id === systemId)) throw new NotFoundError(`No system with id ${systemId}`);
    if (!found.some((row) => row.id === dependsOnId)) throw new InputError(`no system with id ${dependsOnId}`, { path: "dependsOnSystemId" });
    const cycle = await this.database.execute<{ found: boolean }>(sql`
      WITH RECURSIVE reach(id, depth) AS (
        SELECT ${dependsOnId}::uuid, 0
        UNION
        SELECT d.depends_on_id, r.depth + 1 FROM ${systemDependencies} d JOIN reach r ON d.system_id = r.id WHERE r.depth < ${MAX_DEPTH})
      SELECT EXISTS (SELECT 1 FROM reach WHERE id = ${systemId}::uuid) AS found`);
    if (cycle.rows[0]?.found) {
      throw new InputError(`${dependsOnId} already depends on ${systemId} (directly or through others): this would be a cycle`, { path: "dependsOnSystemId" });
    }
    const [row] = await this.database
      .insert(systemDependencies)
      .values({ systemId, dependsOnId, impact })
      .onConflictDoUpdate({ target: [systemDependencies.systemId, systemDependencies.dependsOnId], set: { impact } })
      .returning();
    if (!row) throw new Error("inserting a dependency returned no row");
    return { systemId: row.systemId, dependsOnSystemId: row.dependsOnId, impact: row.impact, createdAt: row.createdAt };
  }

  /** True when there was such a dependency (visible to the caller). */
  async remove(systemId: string, dependsOnId: string): Promise<boolean> {
    const deleted = await this.database
      .delete(systemDependencies)
      .where(and(eq(systemDependencies.systemId, systemId), eq(systemDependencies.dependsOnId, dependsOnId)))
      .returning({ systemId: systemDependencies.systemId });
    return deleted.length > 0;
  }

  /** Transitive upstream and downstream of one system. */
  async related(systemId: string): Promise<{ upstream: RelatedSystem[]; downstream: RelatedSystem[] }> {
    const [upstream, downstream] = [await this.walk([systemId], "up"), await this.walk([systemId], "down")];
    return { upstream: upstream.get(systemId) ?? [], downstream: downstream.get(systemId) ?? [] };
  }

  /** Name, owner, groups and transitive dependencies of each system, for other plugins (run as their service principal). */
  async contexts(systemIds: ReadonlyArray<string>): Promise<SystemContext[]> {
    if (systemIds.length === 0) return [];
    const rows = await this.database
      .select({ id: systems.id, name: systems.name, ownerTeamId: systems.ownerTeamId })
      .from(systems)
      .where(inArray(systems.id, [...systemIds]));
    const memberships = await this.database
      .select({ systemId: systemGroups.systemId, groupId: systemGroups.groupId })
      .from(systemGroups)
      .where(inArray(systemGroups.systemId, [...systemIds]));
    const ids = rows.map((row) => row.id);
    const upstream = await this.walk(ids, "up");
    const downstream = await this.walk(ids, "down");
    return rows.map((row) => ({
      systemId: row.id,
      name: row.name,
      ownerTeamId: row.ownerTeamId,
      groupIds: memberships.filter((membership) => membership.systemId === row.id).map((membership) => membership.groupId),
      upstream: upstream.get(row.id) ?? [],
      downstream: downstream.get(row.id) ?? [],
    }));
  }

  /**
   * One recursive query for all origins: "up" follows what each depends on, "down" what depends on
   * it. A path's impact is the weakest link (one degraded edge makes the whole path degraded); the
   * nearest path wins per reached system.
   */
  private async walk(origins: ReadonlyArray<string>, direction: "up" | "down"): Promise<Map<string, RelatedSystem[]>> {
    const result = new Map<string, RelatedSystem[]>();
    if (origins.length === 0) return result;
    const originList = sql.join(
      origins.map((id) => sql`${id}::uuid`),
      sql`, `,
    );
    const step =
      direction === "up"
        ? sql`SELECT w.origin, d.depends_on_id, CASE WHEN w.impact = 'degraded' OR d.impact = 'degraded' THEN 'degraded' ELSE 'critical' END, w.depth + 1
                FROM ${systemDependencies} d JOIN walk w ON d.system_id = w.id WHERE w.depth < ${MAX_DEPTH}`
        : sql`SELECT w.origin, d.system_id, CASE WHEN w.impact = 'degraded' OR d.impact = 'degraded' THEN 'degraded' ELSE 'critical' END, w.depth + 1
                FROM ${systemDependencies} d JOIN walk w ON d.depends_on_id = w.id WHERE w.depth < ${MAX_DEPTH}`;
    const rows = await this.database.execute<RelatedRow>(sql`
      WITH RECURSIVE walk(origin, id, impact, depth) AS (
        SELECT o, o, 'critical'::text, 0 FROM unnest(ARRAY[${originList}]) AS o
        UNION
        ${step})
      SELECT DISTINCT ON (w.origin, w.id) w.origin::text AS origin, w.id::text AS system_id, s.name, w.impact, w.depth
        FROM walk w JOIN ${systems} s ON s.id = w.id
       WHERE w.depth > 0 AND w.id <> w.origin
       ORDER BY w.origin, w.id, w.depth, w.impact`);
    for (const row of rows.rows) {
      const list = result.get(row.origin) ?? [];
      list.push({ systemId: row.system_id, name: row.name, impact: row.impact, depth: Number(row.depth) });
      result.set(row.origin, list);
    }
    for (const list of result.values()) list.sort((a, b) => a.depth - b.depth || a.name.localeCompare(b.name));
    return result;
  }
}
