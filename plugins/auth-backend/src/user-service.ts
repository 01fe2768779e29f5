import { asc, count, eq, sql } from "drizzle-orm";
import type { User } from "@checkstack/auth-common";
import type { AuthDatabase } from "./database";
import { hashPassword } from "./passwords";
import { assignedRoles } from "./platform-memberships";
import { sessions, users } from "./schema";
import { ConflictError, NotFoundError, UNIQUE_VIOLATION, sqlStateOf } from "@checkstack/backend-api";

export type UserRow = typeof users.$inferSelect;

const emailTaken = (email: string) => new ConflictError(`A user with the email ${email} already exists`);

/** Password accounts. Emails arrive normalised (trimmed, lowercased) from the contract's schemas. */
export class UserService {
  constructor(private readonly database: AuthDatabase) {}

  private readonly columns = {
    id: users.id,
    email: users.email,
    displayName: users.displayName,
    disabled: users.disabled,
    createdAt: users.createdAt,
    roles: assignedRoles("user", users.id),
  };

  async list(): Promise<User[]> {
    return this.database.select(this.columns).from(users).orderBy(asc(users.email));
  }

  async get(id: string): Promise<User> {
    const [user] = await this.database.select(this.columns).from(users).where(eq(users.id, id));
    if (!user) throw new NotFoundError(`No user with id ${id}`);
    return user;
  }

  /** With the password hash: for sign-in and password changes only. */
  async findCredentials(email: string): Promise<UserRow | undefined> {
    const [row] = await this.database.select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
    return row;
  }

  async findCredentialsById(id: string): Promise<UserRow | undefined> {
    const [row] = await this.database.select().from(users).where(eq(users.id, id));
    return row;
  }

  async count(): Promise<number> {
    const [row] = await this.database.select({ count: count() }).from(users);
    return row?.count ?? 0;
  }

  async create(input: { email: string; displayName: string; password: string }): Promise<UserRow> {
    const passwordHash = await hashPassword(input.password);
    try {
      const [row] = await this.database
        .insert(users)
        .values({ email: input.email, displayName: input.displayName, passwordHash })
        .returning();
      if (!row) throw new Error("insert returned no row");
      return row;
    } catch (error) {
      if (sqlStateOf(error) === UNIQUE_VIOLATION) throw emailTaken(input.email);
      throw error;
    }
  }

  /** Disabling a user also ends their sessions, so it takes effect at once. */
  async update(id: string, changes: { email?: string; displayName?: string; disabled?: boolean }): Promise<void> {
    const set: Partial<Pick<UserRow, "email" | "displayName" | "disabled">> = {};
    if (changes.email !== undefined) set.email = changes.email;
    if (changes.displayName !== undefined) set.displayName = changes.displayName;
    if (changes.disabled !== undefined) set.disabled = changes.disabled;
    try {
      const updated = await this.database
        .update(users)
        .set({ ...set, updatedAt: sql`now()` })
        .where(eq(users.id, id))
        .returning({ id: users.id });
      if (updated.length === 0) throw new NotFoundError(`No user with id ${id}`);
    } catch (error) {
      if (sqlStateOf(error) === UNIQUE_VIOLATION) throw emailTaken(changes.email ?? "");
      throw error;
    }
    if (changes.disabled === true) await this.database.delete(sessions).where(eq(sessions.userId, id));
  }

  async setPassword(id: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    const updated = await this.database
      .update(users)
      // A password someone chose clears the demand to change a generated one.
      .set({ passwordHash, mustChangePassword: false, updatedAt: sql`now()` })
      .where(eq(users.id, id))
      .returning({ id: users.id });
    if (updated.length === 0) throw new NotFoundError(`No user with id ${id}`);
  }

  /** Sessions go with the row (ON DELETE CASCADE); roles and teams are the caller's to forget. */
  async delete(id: string): Promise<void> {
    const deleted = await this.database.delete(users).where(eq(users.id, id)).returning({ id: users.id });
    if (deleted.length === 0) throw new NotFoundError(`No user with id ${id}`);
  }
}
