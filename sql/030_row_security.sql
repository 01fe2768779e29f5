-- Row-level security for plugin tables, applied by the platform after each
-- plugin's migrations. Every table gets FORCE ROW LEVEL SECURITY (the owner
-- is held to the policies too) and a baseline policy: rows are visible only
-- inside a scope that names a principal. Tables a plugin declares as holding
-- team-scoped resources get per-row policies from checkstack.may instead.

CREATE OR REPLACE FUNCTION checkstack.protect_table(p_schema text, p_table text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  -- Skip the DDL when it is already in place: instances re-run this at every boot.
  IF EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = p_schema AND c.relname = p_table AND c.relrowsecurity AND c.relforcerowsecurity)
     AND EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = p_schema AND tablename = p_table AND policyname LIKE 'checkstack_%') THEN
    RETURN;
  END IF;
  EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', p_schema, p_table);
  EXECUTE format('ALTER TABLE %I.%I FORCE ROW LEVEL SECURITY', p_schema, p_table);
  IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = p_schema AND tablename = p_table AND policyname LIKE 'checkstack_resource_%') THEN
    EXECUTE format('DROP POLICY IF EXISTS checkstack_principal ON %I.%I', p_schema, p_table);
    EXECUTE format('CREATE POLICY checkstack_principal ON %I.%I USING (checkstack.current_principal() IS NOT NULL) '
                   'WITH CHECK (checkstack.current_principal() IS NOT NULL)', p_schema, p_table);
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION checkstack.protect_resource_table(
  p_schema text, p_table text, p_id_column text, p_resource_type text, p_read_rule text, p_manage_rule text
) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_read text := format('checkstack.may(%L, %L, (%I)::text)', p_read_rule, p_resource_type, p_id_column);
  v_manage text := format('checkstack.may(%L, %L, (%I)::text)', p_manage_rule, p_resource_type, p_id_column);
BEGIN
  -- Already in place with these rules (instances re-run this at every boot): no DDL.
  IF (SELECT count(*) FROM pg_policies
       WHERE schemaname = p_schema AND tablename = p_table AND policyname LIKE 'checkstack_resource_%'
         AND (coalesce(qual, '') || coalesce(with_check, '')) LIKE '%' || p_resource_type || '%') = 4
     AND EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = p_schema AND tablename = p_table
                  AND policyname = 'checkstack_resource_read' AND qual LIKE '%' || p_read_rule || '%')
     AND EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = p_schema AND tablename = p_table
                  AND policyname = 'checkstack_resource_delete' AND qual LIKE '%' || p_manage_rule || '%') THEN
    RETURN;
  END IF;
  EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', p_schema, p_table);
  EXECUTE format('ALTER TABLE %I.%I FORCE ROW LEVEL SECURITY', p_schema, p_table);
  EXECUTE format('DROP POLICY IF EXISTS checkstack_principal ON %I.%I', p_schema, p_table);
  EXECUTE format('DROP POLICY IF EXISTS checkstack_resource_read ON %I.%I', p_schema, p_table);
  EXECUTE format('DROP POLICY IF EXISTS checkstack_resource_insert ON %I.%I', p_schema, p_table);
  EXECUTE format('DROP POLICY IF EXISTS checkstack_resource_update ON %I.%I', p_schema, p_table);
  EXECUTE format('DROP POLICY IF EXISTS checkstack_resource_delete ON %I.%I', p_schema, p_table);
  EXECUTE format('CREATE POLICY checkstack_resource_read ON %I.%I FOR SELECT USING (%s)', p_schema, p_table, v_read);
  EXECUTE format('CREATE POLICY checkstack_resource_insert ON %I.%I FOR INSERT WITH CHECK (%s)', p_schema, p_table, v_manage);
  EXECUTE format('CREATE POLICY checkstack_resource_update ON %I.%I FOR UPDATE USING (%s) WITH CHECK (%s)', p_schema, p_table, v_manage, v_manage);
  EXECUTE format('CREATE POLICY checkstack_resource_delete ON %I.%I FOR DELETE USING (%s)', p_schema, p_table, v_manage);
END
$$;
