import { sql } from "drizzle-orm";
import type { Logger } from "@checkstack/backend-api";
import { schedule } from "../schema";
import type { HealthcheckDatabase } from "./claim";

/**
 * How often the holder renews its runs' leases, and how far ahead each
 * renewal pushes them. The window bounds how long a run of a killed or paused
 * instance stays held once its renewals stop (issue 13 items 3 and 4). It is
 * no longer than the initial lease of a fast run (timeout + 1 s grace), so
 * renewals only extend runs already slower than that: a run lost with its
 * instance is rerun as soon as before, still inside its interval (a longer
 * window, 3 s, made the rerun miss the next slot under load: a 2-interval
 * hole). Four ticks per window: a holder whose event loop or connection
 * stalls up to 1.5 s (a loaded machine) still keeps its lease.
 */
export const RENEW_EVERY_MS = 500;
export const RENEWAL_WINDOW_SECONDS = 2;

/** The key and token of a run in flight: the schedule row it holds and the lease it holds it under. */
export interface HeldLease {
  checkId: string;
  systemId: string;
  leaseToken: string;
}

/**
 * Extends the leases of `held` that are still live and still held under the
 * same token, to at least now() + window (never shortening a longer lease,
 * e.g. the initial one of a check with a long timeout). One statement for all.
 * An expired lease is never revived: an instance paused past its lease (its
 * run possibly claimed again elsewhere) cannot take it back, so its stale
 * result stays fenced. Rows locked by someone else (the writer releasing
 * them, a claim, a cascade) are skipped rather than waited for: this
 * statement never waits on a row lock, so it can never be part of a deadlock,
 * and a row skipped now is renewed at the next tick if still live.
 * Returns the tokens renewed.
 */
export async function renewLeases(database: HealthcheckDatabase, held: HeldLease[], windowSeconds = RENEWAL_WINDOW_SECONDS): Promise<Set<string>> {
  if (held.length === 0) return new Set();
  // Matched through the primary key (the token is checked on the row found), so no index on lease_token is needed.
  const renewed = await database.execute<{ token: string }>(sql`
    UPDATE ${schedule} AS s
       SET lease_until = greatest(s.lease_until, now() + make_interval(secs => ${windowSeconds}))
      FROM (SELECT l.check_id, l.system_id
              FROM ${schedule} AS l
              JOIN unnest(${sql.param(held.map((lease) => lease.checkId))}::uuid[], ${sql.param(held.map((lease) => lease.systemId))}::text[],
                          ${sql.param(held.map((lease) => lease.leaseToken))}::uuid[]) AS k(check_id, system_id, token)
                ON l.check_id = k.check_id AND l.system_id = k.system_id AND l.lease_token = k.token
             WHERE l.lease_until > now()
               FOR UPDATE OF l SKIP LOCKED) AS live
     WHERE s.check_id = live.check_id AND s.system_id = live.system_id
    RETURNING s.lease_token::text AS token`);
  return new Set(renewed.rows.map((row) => row.token));
}

export interface LeaseRenewerOptions {
  everyMs?: number;
  windowSeconds?: number;
}

/**
 * The holder's heartbeat: while this instance has runs in flight (probing, or
 * waiting for or in the result writer), it renews their leases every tick, so
 * a run slowed by a loaded machine is not claimed again by another instance
 * and its target probed twice. A run is held from its claim until its result
 * is written or dropped; then renewals stop and the lease is released by the
 * writer, or (if the write failed) expires within the window and is rerun.
 */
export class LeaseRenewer {
  private readonly held = new Map<string, HeldLease>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private tick: Promise<void> = Promise.resolve();
  private failing = false;
  private readonly everyMs: number;
  private readonly windowSeconds: number;

  constructor(
    private readonly database: HealthcheckDatabase,
    private readonly logger: Logger,
    options: LeaseRenewerOptions = {},
  ) {
    this.everyMs = options.everyMs ?? RENEW_EVERY_MS;
    this.windowSeconds = options.windowSeconds ?? RENEWAL_WINDOW_SECONDS;
  }

  hold(lease: HeldLease): void {
    this.held.set(lease.leaseToken, { checkId: lease.checkId, systemId: lease.systemId, leaseToken: lease.leaseToken });
  }

  release(leaseToken: string): void {
    this.held.delete(leaseToken);
  }

  /** Renewal statements completed so far (for stats and tests). */
  renewals = 0;

  /** Leases currently renewed (for stats and tests). */
  get size(): number {
    return this.held.size;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.tick;
  }

  /** The next tick is timed from the end of the last, so a slow statement never piles up behind itself. */
  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.tick = this.renew().finally(() => this.schedule());
    }, this.everyMs);
  }

  private async renew(): Promise<void> {
    const leases = [...this.held.values()];
    if (leases.length === 0) return;
    try {
      const renewed = await renewLeases(this.database, leases, this.windowSeconds);
      this.renewals++;
      // A lease not renewed and not locked by anyone is lost (expired, or claimed again); it stays held until its
      // run settles, which is harmless: the statement can never revive it, and the writer's fence drops its result.
      if (this.failing) this.logger.info("renewing check leases works again", { leases: leases.length, renewed: renewed.size });
      this.failing = false;
    } catch (error) {
      // Logged once per failure streak: a dropped connection (issue 13 item 1) must not flood the log every 500 ms.
      if (!this.failing) this.logger.warn("renewing check leases failed; retrying at the next tick", { error, leases: leases.length });
      this.failing = true;
    }
  }
}
