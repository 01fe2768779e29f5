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

-- Resource tables are protected by checkstack.protect_scoped_table (035_resource_row_scope.sql),
-- which decides once per statement; the per-row version that stood here is gone.
DROP FUNCTION IF EXISTS checkstack.protect_resource_table(text, text, text, text, text, text);
