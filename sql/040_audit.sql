-- The audit trail: an AFTER trigger on every audited table writes who, what,
-- old and new values and the request id, in the writing transaction. The
-- trigger function runs as the owner, so the application role needs (and has)
-- no right to touch checkstack.audit_log: it can neither forge nor erase.

-- Values of keys that name secrets are masked, and encrypted config envelopes
-- ({"$secret": ...}) are masked too: ciphertext does not belong in an audit trail.
CREATE OR REPLACE FUNCTION checkstack.mask_secrets(p_value jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE jsonb_typeof(p_value)
    WHEN 'object' THEN
      CASE WHEN p_value ? '$secret' THEN to_jsonb('********'::text)
      ELSE coalesce((SELECT jsonb_object_agg(key,
               CASE WHEN key ~* '(password|secret|token|credential|key_hash|api_key|private_key)' AND value <> 'null'::jsonb
                    THEN to_jsonb('********'::text) ELSE checkstack.mask_secrets(value) END)
             FROM jsonb_each(p_value)), '{}'::jsonb)
      END
    WHEN 'array' THEN (SELECT coalesce(jsonb_agg(checkstack.mask_secrets(element)), '[]'::jsonb) FROM jsonb_array_elements(p_value) AS element)
    ELSE p_value
  END
$$;

CREATE OR REPLACE FUNCTION checkstack.audit_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  -- request_id is the platform's own (unique per request); client_request_id is whatever the client sent.
  INSERT INTO checkstack.audit_log (principal, request_id, client_request_id, schema_name, table_name, operation, old_row, new_row)
  VALUES (
    coalesce(checkstack.signed_principal_label(), 'system'),
    nullif(current_setting('checkstack.request_id', true), ''),
    nullif(current_setting('checkstack.client_request_id', true), ''),
    TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP,
    CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN checkstack.mask_secrets(to_jsonb(OLD)) END,
    CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN checkstack.mask_secrets(to_jsonb(NEW)) END);
  RETURN NULL;
END
$$;

-- Idempotent without DDL when the trigger is there: instances re-run this at every boot.
CREATE OR REPLACE FUNCTION checkstack.audit_table(p_schema text, p_table text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'checkstack_audit'
                  AND tgrelid = format('%I.%I', p_schema, p_table)::regclass) THEN
    EXECUTE format('CREATE TRIGGER checkstack_audit AFTER INSERT OR UPDATE OR DELETE ON %I.%I '
                   'FOR EACH ROW EXECUTE FUNCTION checkstack.audit_row()', p_schema, p_table);
  END IF;
END
$$;

-- Every table of a plugin schema: protected, and audited unless the plugin
-- declared it telemetry (p_unaudited).
DROP FUNCTION IF EXISTS checkstack.protect_plugin_schema(text);
CREATE OR REPLACE FUNCTION checkstack.protect_plugin_schema(p_schema text, p_unaudited text[] DEFAULT '{}') RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_table text;
BEGIN
  FOR v_table IN SELECT tablename FROM pg_tables WHERE schemaname = p_schema LOOP
    PERFORM checkstack.protect_table(p_schema, v_table);
    IF v_table = ANY (p_unaudited) THEN
      EXECUTE format('DROP TRIGGER IF EXISTS checkstack_audit ON %I.%I', p_schema, v_table);
    ELSE
      PERFORM checkstack.audit_table(p_schema, v_table);
    END IF;
  END LOOP;
END
$$;

-- Platform tables are audited too, except the audit log itself, the hook
-- outbox and the handled-event marks (event transport: auditing them would
-- double every emit; the hooks' effects are audited where they write) and the instance heartbeat tables
-- (liveness telemetry rewritten every few seconds; who installed or removed a
-- plugin is audited on checkstack.plugins and checkstack.plugin_operations)
-- and the access epoch (a counter raised by changes that are audited themselves).
DO $$
DECLARE
  v_table text;
BEGIN
  FOR v_table IN SELECT tablename FROM pg_tables WHERE schemaname = 'checkstack'
                  AND tablename NOT IN ('audit_log', 'hook_outbox', 'hook_handled_events', 'instances', 'instance_plugins', 'access_epoch') LOOP
    PERFORM checkstack.audit_table('checkstack', v_table);
  END LOOP;
END
$$;

-- The application role reads the trail (the admin audit query) only through a
-- policy: rows are visible to a caller holding auth.audit.read. It can never
-- write, change or erase it. The owner is not FORCEd, so the trigger writes.
REVOKE ALL ON checkstack.audit_log FROM :"app_role";
REVOKE ALL ON SEQUENCE checkstack.audit_log_id_seq FROM :"app_role";
GRANT SELECT ON checkstack.audit_log TO :"app_role";
ALTER TABLE checkstack.audit_log ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS checkstack_audit_readers ON checkstack.audit_log;
CREATE POLICY checkstack_audit_readers ON checkstack.audit_log FOR SELECT
  USING (pg_has_role(current_user, :'auditor_role', 'MEMBER') OR checkstack.may('auth.audit.read'));

-- Auditors read the trail over SQL: GRANT checkstack_auditor_<database> TO <a login role>
-- (the role is created by the database setup, `checkstack db init`).
GRANT USAGE ON SCHEMA checkstack TO :"auditor_role";
GRANT SELECT ON checkstack.audit_log TO :"auditor_role";
GRANT EXECUTE ON FUNCTION checkstack.may(text, text, text) TO :"auditor_role";
