import { and, asc, eq, gt } from "drizzle-orm";
import { ConflictError, InputError, sqlStateOf, UNIQUE_VIOLATION } from "@checkstack/backend-api";
import type { CreatePage, ListPagesInput, Page, UpdatePage } from "@checkstack/statuspage-common";
import type { StatuspageDatabase } from "./database";
import { pages } from "./schema";

type PageRow = typeof pages.$inferSelect;

const toPage = (row: PageRow): Page => ({ ...row });

/** The cursor is the last slug of the previous answer; slugs are unique, so the keyset is exact. */
const encodeCursor = (slug: string) => Buffer.from(slug, "utf8").toString("base64url");
function decodeCursor(cursor: string): string {
  const slug = Buffer.from(cursor, "base64url").toString("utf8");
  if (!/^[a-z0-9-]{1,60}$/.test(slug)) throw new InputError("is not one this procedure handed out", { path: "cursor" });
  return slug;
}

/** The unique index decides (row security may hide the clashing page from the caller). */
async function uniqueSlug<T>(slug: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (sqlStateOf(error) === UNIQUE_VIOLATION) throw new ConflictError(`A status page with slug "${slug}" already exists`);
    throw error;
  }
}

/** Pages as administrators see them; every query runs as the caller, under row-level security. */
export class PageService {
  constructor(private readonly database: StatuspageDatabase) {}

  async list(input: ListPagesInput): Promise<{ items: Page[]; nextCursor: string | null }> {
    const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor);
    const rows = await this.database
      .select()
      .from(pages)
      .where(after === undefined ? undefined : gt(pages.slug, after))
      .orderBy(asc(pages.slug))
      .limit(input.limit + 1);
    const items = rows.slice(0, input.limit).map(toPage);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > input.limit && last ? encodeCursor(last.slug) : null };
  }

  async get(pageId: string): Promise<Page | null> {
    const [row] = await this.database.select().from(pages).where(eq(pages.id, pageId));
    return row ? toPage(row) : null;
  }

  async create(input: CreatePage): Promise<Page> {
    const [row] = await uniqueSlug(input.slug, () =>
      this.database
        .insert(pages)
        .values({
          slug: input.slug,
          title: input.title,
          description: input.description ?? null,
          logoUrl: input.logoUrl ?? null,
          accentColor: input.accentColor,
          theme: input.theme,
          visibility: input.visibility,
          ownerTeamId: input.ownerTeamId ?? null,
          sections: input.sections,
        })
        .returning(),
    );
    if (!row) throw new Error("insert returned no row");
    return toPage(row);
  }

  async update(input: Omit<UpdatePage, "pageId">, pageId: string): Promise<Page | null> {
    const changes = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
    const [row] = await uniqueSlug(input.slug ?? "", () =>
      this.database
        .update(pages)
        .set({ ...changes, updatedAt: new Date() })
        .where(eq(pages.id, pageId))
        .returning(),
    );
    return row ? toPage(row) : null;
  }

  async setState(pageId: string, state: "draft" | "published"): Promise<Page | null> {
    const [row] = await this.database
      .update(pages)
      .set({ state, updatedAt: new Date(), ...(state === "published" ? { publishedAt: new Date() } : {}) })
      .where(eq(pages.id, pageId))
      .returning();
    return row ? toPage(row) : null;
  }

  async delete(pageId: string): Promise<Page | null> {
    const [row] = await this.database.delete(pages).where(eq(pages.id, pageId)).returning();
    return row ? toPage(row) : null;
  }

  /** For the public routes (service principal): a published page by slug, or nothing. */
  async publishedBySlug(slug: string): Promise<Page | null> {
    const [row] = await this.database
      .select()
      .from(pages)
      .where(and(eq(pages.slug, slug), eq(pages.state, "published")));
    return row ? toPage(row) : null;
  }
}
