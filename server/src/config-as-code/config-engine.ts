import { eq, and } from "drizzle-orm";
import { InputError, type ConfigChange, type ConfigResource, type ConfigSection, type ExtensionPointCollection, type InputIssue, type SafeDatabase } from "@checkstack/backend-api";
import type { ApplyResult, ConfigChangeSummary } from "./contract";
import { atFilePath, fileInputError, filePath } from "./file-paths";
import { canonicalJson, changedFields, digestOf, redactLike, secretsAsReferences } from "./normal-form";
import { ReferenceTable } from "./references";
import * as schema from "./schema";
import { orderSections } from "./section-order";

type ConfigDatabase = SafeDatabase<typeof schema>;
type Item = object;

/** An item's identity within its section: its `name`, or the field the section names as its key. */
const keyOf = (section: ConfigSection, item: Item): string => String((item as Record<string, unknown>)[section.key ?? "name"]);
type PlannedChange = { section: ConfigSection; change: ConfigChange<Item>; index: number | undefined };

export interface ApplyOptions {
  file: Record<string, unknown[]>;
  dryRun: boolean;
  prune: boolean;
  pruneAll: boolean;
}

/**
 * Exports and applies configuration files through the registered sections. An apply runs in the
 * caller's request, whose one transaction every section's writes join: any failure rolls back all.
 */
export class ConfigEngine {
  constructor(
    private readonly sections: ExtensionPointCollection<ConfigSection>,
    private readonly database: ConfigDatabase,
  ) {}

  async export(): Promise<Record<string, unknown[]>> {
    const { ordered, current } = await this.readCurrent();
    const file: Record<string, unknown[]> = {};
    for (const section of ordered) {
      const resources = current.get(section.name) ?? [];
      file[section.name] = [...resources]
        .sort((a, b) => keyOf(section, a.item).localeCompare(keyOf(section, b.item)))
        .map((resource) => secretsAsReferences(resource.item, `CHECKSTACK_${section.name}_${keyOf(section, resource.item)}`));
    }
    return file;
  }

  async apply(options: ApplyOptions): Promise<ApplyResult> {
    const sectionsByName = new Map(this.sections.list().map(({ impl }) => [impl.name, impl]));
    const desired = await normalizeAll(parseFile(options.file, sectionsByName), sectionsByName);
    const { ordered, current, references } = await this.readCurrent();
    const markers = await this.database.select().from(schema.managed);
    const digests = new Map(markers.map((marker) => [`${marker.section}\u0000${marker.resourceId}`, marker.digest]));

    const writes: PlannedChange[] = [];
    const deletes: PlannedChange[] = [];
    const adopt: Array<{ section: string; id: string; name: string; item: Item }> = [];
    for (const section of ordered) {
      const items = desired.get(section.name);
      if (!items) continue;
      const existing = new Map((current.get(section.name) ?? []).map((resource) => [keyOf(section, resource.item), resource]));
      items.forEach((item, index) => {
        const name = keyOf(section, item);
        const found = existing.get(name);
        if (!found) return void writes.push({ section, index, change: { action: "create", name, item } });
        const digest = digests.get(`${section.name}\u0000${found.id}`);
        const same = canonicalJson(redactLike(item, found.item)) === canonicalJson(found.item) && (digest === undefined || digest === digestOf(item));
        if (!same) writes.push({ section, index, change: { action: "update", name, id: found.id, item, before: found.item } });
        else if (digest === undefined) adopt.push({ section: section.name, id: found.id, name, item });
      });
      if (!options.prune) continue;
      const declared = new Set(items.map((item) => keyOf(section, item)));
      for (const resource of current.get(section.name) ?? []) {
        const name = keyOf(section, resource.item);
        if (declared.has(name)) continue;
        if (!options.pruneAll && !digests.has(`${section.name}\u0000${resource.id}`)) continue;
        deletes.push({ section, index: undefined, change: { action: "delete", name, id: resource.id, before: resource.item } });
      }
    }
    // Deletes last and in reverse order: a check lets go of a system before the system goes.
    const plan = [...writes, ...deletes.reverse()];
    const changes = plan.map(summarise);
    if (options.dryRun) return { changes, applied: false };

    for (const planned of plan) await this.carryOut(planned, references);
    for (const { section, id, name, item } of adopt) await this.mark(section, id, name, item);
    if (changes.length > 0) {
      await this.database.insert(schema.applies).values({
        creates: changes.filter((change) => change.action === "create").length,
        updates: changes.filter((change) => change.action === "update").length,
        deletes: changes.filter((change) => change.action === "delete").length,
        changes: changes.map(({ section, action, name }) => ({ section, action, name })),
      });
    }
    return { changes, applied: true };
  }

  private async carryOut({ section, change, index }: PlannedChange, references: ReferenceTable): Promise<void> {
    const place = index === undefined ? `${section.name}[${JSON.stringify(change.name)}]` : filePath([section.name, index]);
    let created: { id: string } | undefined;
    try {
      created = await section.apply(change, references);
    } catch (error) {
      throw atFilePath(error, place);
    }
    if (change.action === "delete") {
      references.forget(section.name, change.id);
      await this.database.delete(schema.managed).where(and(eq(schema.managed.section, section.name), eq(schema.managed.resourceId, change.id)));
      return;
    }
    const id = change.action === "update" ? change.id : created?.id;
    if (id === undefined) throw new Error(`config section "${section.name}" created "${change.name}" without returning its id`);
    references.record(section.name, change.name, id);
    await this.mark(section.name, id, change.name, change.item);
  }

  private async mark(section: string, resourceId: string, name: string, item: Item): Promise<void> {
    const digest = digestOf(item);
    await this.database
      .insert(schema.managed)
      .values({ section, resourceId, name, digest })
      .onConflictDoUpdate({ target: [schema.managed.section, schema.managed.resourceId], set: { name, digest, appliedAt: new Date() } });
  }

  /** Every section's current resources, exported in reference order so names resolve. */
  private async readCurrent() {
    const ordered = orderSections(this.sections.list().map(({ impl }) => impl));
    const references = new ReferenceTable();
    const current = new Map<string, ReadonlyArray<ConfigResource<Item>>>();
    for (const section of ordered) {
      const resources = await section.export(references);
      current.set(section.name, resources);
      for (const resource of resources) references.record(section.name, keyOf(section, resource.item), resource.id);
    }
    return { ordered, current, references };
  }
}

function summarise({ section, change }: PlannedChange): ConfigChangeSummary {
  const fields = change.action === "update" ? changedFields(redactLike(change.item, change.before) as Record<string, unknown>, change.before as Record<string, unknown>) : [];
  // A changed secret shows no difference in the redacted view; name it by what the digest saw.
  return { section: section.name, action: change.action, name: change.name, fields: change.action === "update" && fields.length === 0 ? ["a secret value"] : fields };
}

/** Each item in its section's normal form; every problem at once, by file path. */
async function normalizeAll(parsed: Map<string, Item[]>, sections: Map<string, ConfigSection>): Promise<Map<string, Item[]>> {
  const issues: InputIssue[] = [];
  const normalized = new Map<string, Item[]>();
  for (const [name, items] of parsed) {
    const section = sections.get(name);
    const normalize = section?.normalize?.bind(section);
    if (!normalize) {
      normalized.set(name, items);
      continue;
    }
    const results: Item[] = [];
    for (const [index, item] of items.entries()) {
      try {
        results.push(await normalize(item));
      } catch (error) {
        const placed = atFilePath(error, filePath([name, index]));
        if (!(placed instanceof InputError)) throw placed;
        issues.push(...placed.issues);
      }
    }
    normalized.set(name, results);
  }
  if (issues.length > 0) throw fileInputError(issues);
  return normalized;
}

/** Every section's items, validated by the section's schema; all problems at once, by file path. */
function parseFile(file: Record<string, unknown[]>, sections: Map<string, ConfigSection>): Map<string, Item[]> {
  const issues: InputIssue[] = [];
  const parsed = new Map<string, Item[]>();
  for (const [name, items] of Object.entries(file)) {
    const section = sections.get(name);
    if (!section) {
      issues.push({ path: name, message: `no installed plugin provides a "${name}" section (known: ${[...sections.keys()].sort().join(", ")})` });
      continue;
    }
    const seen = new Map<string, number>();
    const valid: Item[] = [];
    items.forEach((raw, index) => {
      const result = section.schema.safeParse(raw);
      if (!result.success) {
        for (const issue of result.error.issues) issues.push({ path: filePath([name, index, ...issue.path]), message: issue.message });
        return;
      }
      const key = keyOf(section, result.data);
      const first = seen.get(key);
      if (first !== undefined) issues.push({ path: filePath([name, index, section.key ?? "name"]), message: `"${key}" is declared twice (also at ${filePath([name, first])})` });
      seen.set(key, index);
      valid.push(result.data);
    });
    parsed.set(name, valid);
  }
  if (issues.length > 0) throw fileInputError(issues);
  return parsed;
}
