import { callerClient, defineConfigSection, InputError, type ConfigReferences, type ConfigSection, type RpcClient } from "@checkstack/backend-api";
import { LocalDateTimeSchema, MaintenanceApi, RecurrenceSchema, type MaintenanceWindow } from "@checkstack/maintenance-common";
import { z } from "zod";

const DURATION_UNITS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "90m", "2h", "1d" → milliseconds. */
function durationMs(text: string): number {
  const match = /^(\d+)(m|h|d)$/.exec(text);
  return match ? Number(match[1]) * DURATION_UNITS[match[2] as keyof typeof DURATION_UNITS] : Number.NaN;
}

/**
 * start + duration on the wall clock ("2026-03-29T01:30" + 2h = "2026-03-29T03:30" in the window's
 * timezone), as the window stores its end: the same local reading whatever a DST change in between does.
 */
function addWallClock(start: string, ms: number): string {
  const asUtc = new Date(`${start.length === 16 ? `${start}:00` : start}Z`);
  return new Date(asUtc.getTime() + ms).toISOString().slice(0, start.length === 16 ? 16 : 19);
}

/**
 * One maintenance window as checkstack.yaml writes it. The field names are a public contract:
 * `{ name, systems, start, end | duration, timezone?, recurrence? }`, systems named as in the `systems`
 * section, start and end local date-times in `timezone` (UTC when left out).
 */
const WindowItemSchema = z
  .object({
    name: z.string().trim().min(1, "name must not be empty").max(200, "name is at most 200 characters"),
    systems: z
      .array(z.string().min(1, "systems must name systems"))
      .max(500, "at most 500 systems")
      .default([])
      .transform((names) => [...new Set(names)].sort()),
    start: LocalDateTimeSchema,
    end: LocalDateTimeSchema.optional(),
    duration: z.string().regex(/^\d+(m|h|d)$/, 'a duration such as "30m", "2h" or "1d"').refine((text) => durationMs(text) > 0, "must be more than zero").optional(),
    timezone: z.string().min(1, "timezone must not be empty").max(100).default("UTC"),
    recurrence: RecurrenceSchema.default({ kind: "once" }),
  })
  .strict()
  .superRefine((item, context) => {
    if ((item.end === undefined) === (item.duration === undefined)) {
      context.addIssue({ code: "custom", path: ["end"], message: "give either end or duration, not both or neither" });
    }
  });
type WindowItem = z.infer<typeof WindowItemSchema>;

/** The fields that fix when occurrences happen: a window keeps them once it has occurrences. */
const TIMING = ["start", "end", "timezone", "recurrence"] as const;

function toItem(window: MaintenanceWindow, references: ConfigReferences): WindowItem {
  return {
    name: window.title,
    systems: window.systemIds.map((id) => references.nameOf("systems", id) ?? id).sort(),
    start: window.start,
    end: window.end,
    timezone: window.timezone,
    recurrence: window.recurrence,
  };
}

/**
 * The `maintenance` section of checkstack.yaml. Writes go through this plugin's procedures in-process as
 * the caller (permission-checked, audited, inside the apply's transaction). Pruning a window cancels it;
 * its timing cannot be edited in place (occurrences are already scheduled): that is a 400 on the field.
 */
export function maintenanceConfigSection(rpcClient: () => RpcClient | undefined): ConfigSection {
  const client = () => callerClient(rpcClient(), MaintenanceApi);
  const systemIds = (item: WindowItem, references: ConfigReferences) => item.systems.map((name, index) => references.idOf("systems", name, `systems.${index}`));
  return defineConfigSection<WindowItem>({
    name: "maintenance",
    schema: WindowItemSchema,
    references: ["systems"],
    // The normal form has an end: a duration is turned into one, so a file with either applies alike.
    async normalize(item) {
      const { duration, ...rest } = item;
      return duration === undefined ? rest : { ...rest, end: addWallClock(item.start, durationMs(duration)) };
    },
    async export(references) {
      const windows: MaintenanceWindow[] = [];
      let cursor: string | undefined;
      do {
        const batch = await client().listWindows({ limit: 200, ...(cursor ? { cursor } : {}) });
        windows.push(...batch.items);
        cursor = batch.nextCursor ?? undefined;
      } while (cursor);
      return windows.filter((window) => window.cancelledAt === null).map((window) => ({ id: window.id, item: toItem(window, references) }));
    },
    async apply(change, references) {
      if (change.action === "delete") {
        await client().cancelWindow({ windowId: change.id });
        return undefined;
      }
      const { item } = change;
      if (change.action === "create") {
        const created = await client().createWindow({
          title: item.name,
          systemIds: systemIds(item, references),
          start: item.start,
          end: item.end ?? item.start,
          timezone: item.timezone,
          recurrence: item.recurrence,
        });
        return { id: created.id };
      }
      const moved = TIMING.find((field) => JSON.stringify(item[field]) !== JSON.stringify(change.before[field]));
      if (moved) {
        throw new InputError(`the ${moved} of a scheduled window cannot change; give the window a new name to schedule a new one (the old one is cancelled on prune)`, {
          path: moved,
        });
      }
      await client().updateWindow({ windowId: change.id, title: item.name, systemIds: systemIds(item, references) });
      return undefined;
    },
  });
}
