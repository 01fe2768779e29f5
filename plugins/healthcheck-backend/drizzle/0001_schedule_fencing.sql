-- A fencing token per lease: a run's result is written only while the lease that ran it is still the writer's.
ALTER TABLE "schedule" ADD COLUMN "lease_token" uuid;--> statement-breakpoint
DROP INDEX IF EXISTS "schedule_next_run_idx";--> statement-breakpoint
-- A pair is due when its run time has come and it holds no live lease: greatest() skips a NULL lease.
CREATE INDEX "schedule_due_idx" ON "schedule" USING btree (greatest("next_run_at", "lease_until"));
