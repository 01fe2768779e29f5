-- The key the platform signs each unit of work's principal with (sql/015_principal_signature.sql).
-- Readable by the owner role only: SQL running as the application role cannot sign a principal.
-- The column is named like a secret so that the audit trail masks it.
CREATE TABLE "checkstack"."principal_signing_key" (
	"singleton" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"signing_secret" bytea NOT NULL,
	CONSTRAINT "principal_signing_key_singleton" CHECK ("checkstack"."principal_signing_key"."singleton")
);
--> statement-breakpoint
-- 64 bytes from gen_random_uuid (a cryptographically strong source; built in since PostgreSQL 13).
INSERT INTO "checkstack"."principal_signing_key" ("signing_secret")
SELECT sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8'))
    || sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8'));
