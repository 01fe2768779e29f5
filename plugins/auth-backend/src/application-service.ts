import { randomUUID } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import type { Application } from "@checkstack/auth-common";
import type { ApplicationPrincipal } from "@checkstack/backend-api";
import { applicationIdOfKey, newApiKey, type ApiKeyHasher } from "./api-keys";
import type { AuthDatabase } from "./database";
import { assignedRoles, memberTeams } from "./platform-memberships";
import { applications } from "./schema";
import { NotFoundError } from "@checkstack/backend-api";

/** Outcome of checking a presented key; the reason is for logs, never for the caller. */
export type KeyCheck = { ok: true; principal: ApplicationPrincipal } | { ok: false; reason: "malformed" | "unknown" | "mismatch" };

/** Applications and their API keys. Roles and teams live in the platform's tables. */
export class ApplicationService {
  private readonly columns = {
    id: applications.id,
    name: applications.name,
    description: applications.description,
    createdAt: applications.createdAt,
    createdBy: applications.createdBy,
    roles: assignedRoles("application", applications.id),
    teams: memberTeams("application", applications.id),
  };

  // Every request with a key runs this lookup: built once.
  private readonly keyQuery;

  constructor(
    private readonly database: AuthDatabase,
    private readonly hasher: ApiKeyHasher,
  ) {
    this.keyQuery = database
      .select({ id: applications.id, name: applications.name, keyHash: applications.keyHash, roles: this.columns.roles, teams: this.columns.teams })
      .from(applications)
      .where(eq(applications.id, sql.placeholder("id")))
      .prepare("auth_application_key");
  }

  async list(): Promise<Application[]> {
    return this.database.select(this.columns).from(applications).orderBy(asc(applications.name), asc(applications.id));
  }

  async get(id: string): Promise<Application> {
    const [application] = await this.database.select(this.columns).from(applications).where(eq(applications.id, id));
    if (!application) throw new NotFoundError(`No application with id ${id}`);
    return application;
  }

  /** Returns the key once; only its HMAC is stored. */
  async create(input: { name: string; description?: string | undefined; createdBy: string }): Promise<{ id: string; key: string }> {
    const id = randomUUID();
    const key = newApiKey(id);
    await this.database.insert(applications).values({
      id,
      name: input.name,
      description: input.description ?? null,
      keyHash: this.hasher.hash(key),
      createdBy: input.createdBy,
    });
    return { id, key };
  }

  async update(id: string, changes: { name?: string | undefined; description?: string | null | undefined }): Promise<void> {
    const set: { name?: string; description?: string | null } = {};
    if (changes.name !== undefined) set.name = changes.name;
    if (changes.description !== undefined) set.description = changes.description;
    if (Object.keys(set).length === 0) {
      await this.get(id);
      return;
    }
    const updated = await this.database.update(applications).set(set).where(eq(applications.id, id)).returning({ id: applications.id });
    if (updated.length === 0) throw new NotFoundError(`No application with id ${id}`);
  }

  /** The row is gone, so the next request with the key fails on every instance: nothing is cached. */
  async delete(id: string): Promise<void> {
    const deleted = await this.database.delete(applications).where(eq(applications.id, id)).returning({ id: applications.id });
    if (deleted.length === 0) throw new NotFoundError(`No application with id ${id}`);
  }

  /** One primary-key lookup, then a constant-time HMAC comparison. */
  async check(key: string): Promise<KeyCheck> {
    const id = applicationIdOfKey(key);
    if (!id) return { ok: false, reason: "malformed" };
    const [row] = await this.keyQuery.execute({ id });
    if (!row) return { ok: false, reason: "unknown" };
    if (!this.hasher.matches(key, row.keyHash)) return { ok: false, reason: "mismatch" };
    return { ok: true, principal: { type: "application", id: row.id, name: row.name, roles: row.roles, teams: row.teams } };
  }
}
