import type { LiveAudience, LiveEvent, Principal } from "@checkstack/backend-api";

/** Asks the SQL access decision which of `ids` the principal may use `rule` on ("" stands for "no resource"). */
export type DecideLive = (principal: Principal, rule: string, resourceType: string | undefined, ids: string[]) => Promise<Set<string>>;

/** How long a decision is reused while the access epoch stands still: bounds staleness for grants of new resources. */
const DECISION_TTL_MS = 10_000;
const MAX_DECISIONS = 5_000;

const NO_RESOURCE = "";

function keyOf(audience: LiveAudience): string {
  return `${audience.rule}\u0000${audience.resource?.type ?? ""}\u0000${audience.resource?.id ?? NO_RESOURCE}`;
}

/**
 * What one connection may receive, decided by Postgres (checkstack.permitted_ids
 * and checkstack.may_all, the functions row security uses) and remembered for
 * the connection for a short while. The connection's owner drops the memory
 * whenever the access epoch moves (see LiveSubscriber), so a revoked grant
 * stops the flow at the next event.
 */
export class LiveAccessFilter {
  private readonly decisions = new Map<string, { allowed: boolean; at: number }>();

  constructor(
    private principal: Principal,
    private readonly decide: DecideLive,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new principal (re-authenticated after an access change): nothing decided for the old one is reused. */
  reset(principal: Principal): void {
    this.principal = principal;
    this.decisions.clear();
  }

  /** The events the principal may receive, in order; one query per (rule, resource type) not yet decided. */
  async filter(events: LiveEvent[]): Promise<LiveEvent[]> {
    const fresh = this.now() - DECISION_TTL_MS;
    const missing = new Map<string, { rule: string; type: string | undefined; ids: Set<string> }>();
    for (const event of events) {
      for (const audience of event.audience) {
        const known = this.decisions.get(keyOf(audience));
        if (known && known.at >= fresh) continue;
        const groupKey = `${audience.rule}\u0000${audience.resource?.type ?? ""}`;
        const group = missing.get(groupKey) ?? { rule: audience.rule, type: audience.resource?.type, ids: new Set<string>() };
        group.ids.add(audience.resource?.id ?? NO_RESOURCE);
        missing.set(groupKey, group);
      }
    }
    const at = this.now();
    await Promise.all(
      [...missing.values()].map(async (group) => {
        const ids = [...group.ids];
        const permitted = await this.decide(this.principal, group.rule, group.type, ids);
        for (const id of ids) {
          const audience: LiveAudience = group.type === undefined ? { rule: group.rule } : { rule: group.rule, resource: { type: group.type, id } };
          this.remember(keyOf(audience), { allowed: permitted.has(id), at });
        }
      }),
    );
    return events.filter((event) => event.audience.every((audience) => this.decisions.get(keyOf(audience))?.allowed === true));
  }

  private remember(key: string, decision: { allowed: boolean; at: number }): void {
    if (this.decisions.size >= MAX_DECISIONS) {
      const oldest = this.decisions.keys().next();
      if (!oldest.done) this.decisions.delete(oldest.value);
    }
    this.decisions.set(key, decision);
  }
}
