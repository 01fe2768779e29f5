import { and, asc, desc, eq, gte, inArray, isNull, isNotNull, lt, or, sql } from "drizzle-orm";
import { ConflictError } from "@checkstack/backend-api";
import type {
  AffectedSystem,
  CreateIncident,
  Impact,
  Incident,
  IncidentDetail,
  IncidentStatus,
  ListIncidentsInput,
  PublicIncidentView,
} from "@checkstack/incident-common";
import type { IncidentDatabase } from "./database";
import { decodeIncidentCursor, encodeIncidentCursor } from "./incident-cursor";
import { incidents, incidentSystems, incidentUpdates } from "./schema";

type IncidentRow = typeof incidents.$inferSelect;

/** A change to an open incident: a timeline entry, and what moves with it. */
export interface IncidentChange {
  message: string;
  status?: IncidentStatus | undefined;
  impact?: Impact | undefined;
  systems?: AffectedSystem[] | undefined;
}

/** The incident after a change, and the timeline entry that recorded it. */
export interface ChangedIncident {
  incident: IncidentDetail;
  updateId: string;
}

/**
 * Incidents and their timeline. Every statement runs in the caller's
 * transaction as the caller, so row-level security decides which incidents
 * exist for them, and the audit trigger records who wrote each row.
 */
export class IncidentService {
  constructor(private readonly db: IncidentDatabase) {}

  /** Newest first; the (created_at DESC, id DESC) index serves the keyset so Postgres stops after limit + 1 rows. */
  async list(page: ListIncidentsInput): Promise<{ items: Incident[]; nextCursor: string | null }> {
    const after = page.cursor === undefined ? undefined : decodeIncidentCursor(page.cursor);
    const filters = [
      after ? or(lt(incidents.createdAt, after.createdAt), and(eq(incidents.createdAt, after.createdAt), lt(incidents.id, after.id))) : undefined,
      page.state === "open" ? isNull(incidents.resolvedAt) : page.state === "resolved" ? isNotNull(incidents.resolvedAt) : undefined,
    ];
    const rows = await this.db
      .select()
      .from(incidents)
      .where(and(...filters))
      .orderBy(desc(incidents.createdAt), desc(incidents.id))
      .limit(page.limit + 1);
    const more = rows.length > page.limit;
    const shown = more ? rows.slice(0, page.limit) : rows;
    const systems = await this.systemsOf(shown.map((row) => row.id));
    const last = shown.at(-1);
    return {
      items: shown.map((row) => toIncident(row, systems.get(row.id) ?? [])),
      nextCursor: more && last ? encodeIncidentCursor({ createdAt: last.createdAt, id: last.id }) : null,
    };
  }

  async get(incidentId: string): Promise<IncidentDetail | undefined> {
    const [row] = await this.db.select().from(incidents).where(eq(incidents.id, incidentId));
    return row ? this.detail(row) : undefined;
  }

  async create(input: Omit<CreateIncident, "teamOnly">, author: string): Promise<ChangedIncident> {
    const [row] = await this.db
      .insert(incidents)
      .values({ title: input.title, status: input.status, impact: input.impact, ownerTeamId: input.ownerTeamId ?? null, createdBy: author })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await this.replaceSystems(row.id, input.systems);
    const updateId = await this.addUpdate(row.id, { body: input.message, status: input.status, impact: input.impact, author });
    return { incident: await this.detail(row), updateId };
  }

  /**
   * Locks the incident (FOR UPDATE) so concurrent updates queue instead of
   * interleaving, refuses changes to a resolved incident, then writes the
   * entry and the new state together. Undefined when the caller cannot see it.
   */
  async change(incidentId: string, change: IncidentChange, author: string, resolve = false): Promise<ChangedIncident | undefined> {
    const [current] = await this.db.select().from(incidents).where(eq(incidents.id, incidentId)).for("update");
    if (!current) return undefined;
    if (current.resolvedAt) throw new ConflictError(`Incident ${incidentId} is already resolved`);
    const status: IncidentStatus = resolve ? "resolved" : (change.status ?? current.status);
    const impact = change.impact ?? current.impact;
    const [row] = await this.db
      .update(incidents)
      .set({ status, impact, updatedAt: sql`now()`, resolvedAt: resolve ? sql`now()` : null })
      .where(eq(incidents.id, incidentId))
      .returning();
    // Row security lets the caller read but not write someone else's row: the update then matches nothing.
    if (!row) return undefined;
    if (change.systems) await this.replaceSystems(incidentId, change.systems);
    const updateId = await this.addUpdate(incidentId, {
      body: change.message,
      status: status === current.status ? null : status,
      impact: impact === current.impact ? null : impact,
      author,
    });
    return { incident: await this.detail(row), updateId };
  }

  /**
   * For status pages: incidents touching the systems that are unresolved or
   * resolved since `since`, with only the public fields.
   */
  async publicIncidents(systemIds: readonly string[], since: Date): Promise<PublicIncidentView[]> {
    if (systemIds.length === 0) return [];
    const touching = this.db.selectDistinct({ id: incidentSystems.incidentId }).from(incidentSystems).where(inArray(incidentSystems.systemId, [...systemIds]));
    const rows = await this.db
      .select()
      .from(incidents)
      .where(and(inArray(incidents.id, touching), or(isNull(incidents.resolvedAt), gte(incidents.resolvedAt, since))))
      .orderBy(desc(incidents.createdAt));
    const ids = rows.map((row) => row.id);
    // One after the other: inside a request both run on the request's one connection anyway.
    const systems = await this.systemsOf(ids);
    const updates = await this.updatesOf(ids);
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      status: row.status,
      impact: row.impact,
      systemImpacts: Object.fromEntries((systems.get(row.id) ?? []).map((entry) => [entry.systemId, entry.impact])),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      resolvedAt: row.resolvedAt,
      // The status an entry shows is the incident's status after it (the last change before or at it).
      updates: withEffectiveStatus(updates.get(row.id) ?? []).map((update) => ({ id: update.id, status: update.effectiveStatus, body: update.body, createdAt: update.createdAt })),
    }));
  }

  private async detail(row: IncidentRow): Promise<IncidentDetail> {
    const systems = await this.systemsOf([row.id]);
    const updates = await this.updatesOf([row.id]);
    const timeline = (updates.get(row.id) ?? []).toReversed();
    return { ...toIncident(row, systems.get(row.id) ?? []), updates: timeline };
  }

  private async replaceSystems(incidentId: string, systems: AffectedSystem[]): Promise<void> {
    await this.db.delete(incidentSystems).where(eq(incidentSystems.incidentId, incidentId));
    if (systems.length > 0) await this.db.insert(incidentSystems).values(systems.map((entry) => ({ incidentId, ...entry })));
  }

  private async addUpdate(
    incidentId: string,
    update: { body: string; status: IncidentStatus | null; impact: Impact | null; author: string },
  ): Promise<string> {
    const [row] = await this.db
      .insert(incidentUpdates)
      // clock_timestamp, not now(): entries written in one transaction keep their order.
      .values({ incidentId, ...update, createdAt: sql`clock_timestamp()` })
      .returning({ id: incidentUpdates.id });
    if (!row) throw new Error("insert returned no row");
    return row.id;
  }

  private async systemsOf(incidentIds: string[]): Promise<Map<string, AffectedSystem[]>> {
    const bySystem = new Map<string, AffectedSystem[]>();
    if (incidentIds.length === 0) return bySystem;
    const rows = await this.db.select().from(incidentSystems).where(inArray(incidentSystems.incidentId, incidentIds)).orderBy(asc(incidentSystems.systemId));
    for (const row of rows) bySystem.set(row.incidentId, [...(bySystem.get(row.incidentId) ?? []), { systemId: row.systemId, impact: row.impact }]);
    return bySystem;
  }

  /** Oldest first, per incident. */
  private async updatesOf(incidentIds: string[]) {
    const byIncident = new Map<string, Array<typeof incidentUpdates.$inferSelect>>();
    if (incidentIds.length === 0) return byIncident;
    const rows = await this.db
      .select()
      .from(incidentUpdates)
      .where(inArray(incidentUpdates.incidentId, incidentIds))
      .orderBy(asc(incidentUpdates.createdAt), asc(incidentUpdates.id));
    for (const row of rows) byIncident.set(row.incidentId, [...(byIncident.get(row.incidentId) ?? []), row]);
    return byIncident;
  }
}

function toIncident(row: IncidentRow, systems: AffectedSystem[]): Incident {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    impact: row.impact,
    ownerTeamId: row.ownerTeamId,
    systems,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    resolvedAt: row.resolvedAt,
  };
}

/** Oldest-first entries in, newest-first out, each with the status in force after it. */
function withEffectiveStatus<T extends { status: IncidentStatus | null }>(oldestFirst: T[]): Array<T & { effectiveStatus: IncidentStatus }> {
  let status: IncidentStatus = "investigating";
  return oldestFirst
    .map((update) => {
      status = update.status ?? status;
      return { ...update, effectiveStatus: status };
    })
    .toReversed();
}
