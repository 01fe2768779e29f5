import { callerClient, defineConfigSection, type ConfigReferences, type ConfigSection, type RpcClient } from "@checkstack/backend-api";
import { SlugSchema, StatuspageApi, type Page, type Section } from "@checkstack/statuspage-common";
import { z } from "zod";

const Text = (field: string) => z.string().trim().min(1, `${field} must not be empty`).max(200, `${field} is at most 200 characters`);

/**
 * One page as checkstack.yaml writes it. The field names are a public contract:
 * `{ slug, title, public, published, sections: [{ name, systems: [{ system, displayName }] }] }`,
 * systems named as in the `systems` section. A page is known by its slug.
 */
const PageItemSchema = z
  .object({
    slug: SlugSchema,
    title: Text("title"),
    public: z.boolean().default(true),
    published: z.boolean().default(false),
    sections: z
      .array(
        z
          .object({
            name: Text("name"),
            systems: z.array(z.object({ system: z.string().min(1, "system must name a system"), displayName: Text("displayName") }).strict()).max(200),
          })
          .strict(),
      )
      .max(50)
      .default([]),
  })
  .strict();
type PageItem = z.infer<typeof PageItemSchema>;

/** The file's sections as the page stores them: systems by id. */
function toSections(item: PageItem, references: ConfigReferences): Section[] {
  return item.sections.map((section, sectionIndex) => ({
    title: section.name,
    items: section.systems.map((entry, index) => ({
      kind: "system" as const,
      systemId: references.idOf("systems", entry.system, `sections.${sectionIndex}.systems.${index}.system`),
      displayName: entry.displayName,
    })),
  }));
}

/** A stored page as the file writes it. Group entries have no file form yet and are left out. */
function toItem(page: Page, references: ConfigReferences): PageItem {
  return {
    slug: page.slug,
    title: page.title,
    public: page.visibility === "public",
    published: page.state === "published",
    sections: page.sections.map((section) => ({
      name: section.title,
      systems: section.items.flatMap((entry) =>
        entry.kind === "system" ? [{ system: references.nameOf("systems", entry.systemId) ?? entry.systemId, displayName: entry.displayName }] : [],
      ),
    })),
  };
}

/**
 * The `statusPages` section of checkstack.yaml. Changes go through this plugin's own procedures, called
 * in-process as the caller inside the apply's transaction, so they are permission-checked, audited and
 * announced to every instance like changes made in the UI.
 */
export function statusPagesConfigSection(rpcClient: () => RpcClient | undefined): ConfigSection {
  const client = () => callerClient(rpcClient(), StatuspageApi);
  const setPublished = async (pageId: string, published: boolean) => {
    if (published) await client().publishPage({ pageId });
    else await client().unpublishPage({ pageId });
  };
  return defineConfigSection<PageItem>({
    name: "statusPages",
    key: "slug",
    schema: PageItemSchema,
    references: ["systems"],
    async export(references) {
      const pages: Page[] = [];
      let cursor: string | undefined;
      do {
        const batch = await client().listPages({ limit: 200, ...(cursor ? { cursor } : {}) });
        pages.push(...batch.items);
        cursor = batch.nextCursor ?? undefined;
      } while (cursor);
      return pages.map((page) => ({ id: page.id, item: toItem(page, references) }));
    },
    async apply(change, references) {
      if (change.action === "delete") {
        await client().deletePage({ pageId: change.id });
        return undefined;
      }
      const { item } = change;
      const fields = { title: item.title, visibility: item.public ? ("public" as const) : ("signed_in" as const), sections: toSections(item, references) };
      if (change.action === "create") {
        const created = await client().createPage({ slug: item.slug, ...fields });
        if (item.published) await setPublished(created.id, true);
        return { id: created.id };
      }
      await client().updatePage({ pageId: change.id, ...fields });
      if (item.published !== change.before.published) await setPublished(change.id, item.published);
      return undefined;
    },
  });
}
