-- A generated first-admin password is known to whoever reads the log: its
-- account must choose its own before doing anything else.
ALTER TABLE "users" ADD COLUMN IF NOT EXISTS "must_change_password" boolean DEFAULT false NOT NULL;
