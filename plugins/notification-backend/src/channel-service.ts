import { asc, eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { InputError, NotFoundError, REDACTED, type SecretService } from "@checkstack/backend-api";
import type { Channel, CreateChannel, UpdateChannel } from "@checkstack/notification-common";
import type { ChannelKinds } from "./channel-kinds";
import type { NotificationDatabase } from "./database";
import { channels } from "./schema";

type ChannelRow = typeof channels.$inferSelect;

const sealContext = (channelId: string) => `channel:${channelId}`;

/** Sealed fields of a schema no longer installed still read "********". */
function redactEnvelopes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactEnvelopes);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1 && entries[0]?.[0] === "$secret") return REDACTED;
    return Object.fromEntries(entries.map(([key, inner]) => [key, redactEnvelopes(inner)]));
  }
  return value;
}

/** A config sent back from a form: "********" where the stored secret is to be kept. */
function keepRedacted(next: unknown, stored: unknown): unknown {
  if (next === REDACTED) return stored;
  if (next !== null && typeof next === "object" && !Array.isArray(next) && stored !== null && typeof stored === "object" && !Array.isArray(stored)) {
    const previous = stored as Record<string, unknown>;
    return Object.fromEntries(Object.entries(next as Record<string, unknown>).map(([key, value]) => [key, keepRedacted(value, previous[key])]));
  }
  return next;
}

/** Channels in the plugin's table; row security on "notification.channel" decides what a caller sees and changes. */
export class ChannelService {
  constructor(
    private readonly database: NotificationDatabase,
    private readonly kinds: ChannelKinds,
    private readonly secrets: SecretService,
  ) {}

  private seal(kindId: string, channelId: string, config: unknown): unknown {
    const kind = this.kinds.require(kindId);
    const parsed = kind.configSchema.safeParse(config);
    if (!parsed.success) throw InputError.fromIssues(`Invalid ${kind.id} config`, parsed.error.issues, { basePath: "config" });
    return this.secrets.seal(kind.configSchema, parsed.data, sealContext(channelId));
  }

  private toChannel(row: ChannelRow): Channel {
    const kind = this.kinds.find(row.kind);
    const config = kind ? this.secrets.redact(kind.configSchema, row.config) : row.config;
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      config: redactEnvelopes(config),
      enabled: row.enabled,
      ownerTeamId: row.ownerTeamId,
      ownerUserId: row.ownerUserId,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  async list(): Promise<Channel[]> {
    return (await this.database.select().from(channels).orderBy(asc(channels.name))).map((row) => this.toChannel(row));
  }

  async row(id: string): Promise<ChannelRow> {
    const [row] = await this.database.select().from(channels).where(eq(channels.id, id));
    if (!row) throw new NotFoundError(`No channel with id ${id}`);
    return row;
  }

  async get(id: string): Promise<Channel> {
    return this.toChannel(await this.row(id));
  }

  /** `ownerUserId`: a personal channel's owner (row security then keeps it to them and admins). */
  async create(input: Omit<CreateChannel, "teamOnly" | "personal">, ownerUserId: string | null = null): Promise<Channel> {
    const id = randomUUID();
    const [row] = await this.database
      .insert(channels)
      .values({
        id,
        name: input.name,
        kind: input.kind,
        config: this.seal(input.kind, id, input.config),
        enabled: input.enabled,
        ownerTeamId: input.ownerTeamId ?? null,
        ownerUserId,
      })
      .returning();
    if (!row) throw new Error("inserting a channel returned no row");
    return this.toChannel(row);
  }

  async update(input: UpdateChannel): Promise<Channel> {
    const current = await this.row(input.channelId);
    const config = input.config === undefined ? undefined : this.seal(current.kind, current.id, keepRedacted(input.config, this.openConfig(current)));
    const [row] = await this.database
      .update(channels)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        ...(config !== undefined ? { config } : {}),
        ...(input.ownerTeamId !== undefined ? { ownerTeamId: input.ownerTeamId } : {}),
        updatedAt: new Date(),
      })
      .where(eq(channels.id, current.id))
      .returning();
    if (!row) throw new NotFoundError(`No channel with id ${input.channelId}`);
    return this.toChannel(row);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.database.delete(channels).where(eq(channels.id, id)).returning({ id: channels.id })).length > 0;
  }

  /** The stored config decrypted, for sending. */
  openConfig(row: ChannelRow): unknown {
    return this.secrets.open(row.config, sealContext(row.id));
  }
}
