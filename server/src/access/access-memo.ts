import { describePrincipal, type Principal } from "@checkstack/backend-api";

/** A principal as authenticated at `epoch`, usable until `until` (ms since the epoch, the session's expiry). */
export interface RememberedPrincipal {
  principal: Principal;
  epoch: number;
  until: number;
}

/**
 * What this instance learnt from Postgres about who callers are and what they
 * may do, each fact tagged with the access epoch it was read at (see
 * sql/025_access_epoch.sql). A fact is only ever used together with its
 * epoch: the statements that rely on it carry the epoch, and Postgres
 * refuses them once the epoch has moved. So this is a guess about where to
 * start, never the authority; losing it costs a round trip, not correctness.
 * Bounded: past `capacity` entries the oldest go first.
 */
export class AccessMemo {
  private readonly principals = new Map<string, RememberedPrincipal>();
  private readonly decisions = new Map<string, number>();
  // The epoch travels with the principal object itself, so no copy of a context can shed it.
  private readonly principalEpochs = new WeakMap<Principal, number>();

  constructor(
    private readonly capacity = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  principal(credential: string): RememberedPrincipal | undefined {
    const remembered = this.principals.get(credential);
    if (remembered && remembered.until <= this.now()) {
      this.principals.delete(credential);
      return undefined;
    }
    return remembered;
  }

  rememberPrincipal(credential: string, remembered: RememberedPrincipal): void {
    bounded(this.principals, this.capacity).set(credential, remembered);
    this.principalEpochs.set(remembered.principal, remembered.epoch);
  }

  /** The epoch a remembered principal was read at; undefined for principals that did not come from the memo. */
  epochOf(principal: Principal): number | undefined {
    return this.principalEpochs.get(principal);
  }

  /** The epoch at which `principal` was allowed `rules` (on `resource`), if it was. */
  allowedAt(principal: Principal, rules: ReadonlyArray<string>, resource: { type: string; id: string } | undefined): number | undefined {
    return this.decisions.get(decisionKey(principal, rules, resource));
  }

  rememberAllowed(principal: Principal, rules: ReadonlyArray<string>, resource: { type: string; id: string } | undefined, epoch: number): void {
    bounded(this.decisions, this.capacity).set(decisionKey(principal, rules, resource), epoch);
  }

  /** Drops everything read before `epoch`, the epoch Postgres is at now. */
  forgetBelow(epoch: number): void {
    for (const [key, remembered] of this.principals) if (remembered.epoch < epoch) this.principals.delete(key);
    for (const [key, at] of this.decisions) if (at < epoch) this.decisions.delete(key);
  }

  get size(): { principals: number; decisions: number } {
    return { principals: this.principals.size, decisions: this.decisions.size };
  }
}

function bounded<V>(map: Map<string, V>, capacity: number): Map<string, V> {
  while (map.size >= capacity) {
    const oldest = map.keys().next();
    if (oldest.done) break;
    map.delete(oldest.value);
  }
  return map;
}

// Decisions depend on who the principal is, not on the roles it carried when it was read:
// the SQL decision reads roles and grants from the tables.
function decisionKey(principal: Principal, rules: ReadonlyArray<string>, resource: { type: string; id: string } | undefined): string {
  return `${describePrincipal(principal)}\u0001${rules.join("\u0000")}\u0001${resource ? `${resource.type}\u0000${resource.id}` : ""}`;
}

