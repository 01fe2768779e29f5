-- Keyset pages of systems (listSystems): in (name, id) order overall, and within an owner team.
CREATE INDEX IF NOT EXISTS "systems_name_id_idx" ON "systems" USING btree ("name", "id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "systems_owner_name_id_idx" ON "systems" USING btree ("owner_team_id", "name", "id");
