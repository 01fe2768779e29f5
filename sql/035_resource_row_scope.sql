-- Set-based row policies for tables whose rows belong to a resource: a
-- catalog system, a health check. The decision is the one checkstack.principal_may
-- makes per resource, computed once per statement instead of once per row:
--
--   scope_all(rule)        the principal holds the rule (or is admin / a service):
--                          every resource, except...
--   scope_ids(rule, type)  ...these (team-only ones none of its teams was granted);
--                          without the rule: exactly these (the ones granted to its teams).
--
-- Both take no column, so a policy wraps each in a scalar sub-select: PostgreSQL
-- then runs it once per statement (an InitPlan), and IN (SELECT unnest(...))
-- becomes a hashed sub-plan, so each row costs one hash lookup however many
-- team-only resources there are (= ANY (array) would scan the array per row). Telemetry tables (runs, rollups) have thousands of rows per resource,
-- which a function call per row would make the slowest part of every read.

CREATE OR REPLACE FUNCTION checkstack.principal_scope_ids(p_principal jsonb, p_rule text, p_type text) RETURNS text[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_level text;
  v_granted text[];
BEGIN
  IF p_principal IS NULL OR p_principal->>'type' = 'service' THEN RETURN ARRAY[]::text[]; END IF;
  IF 'admin' = ANY (checkstack.principal_role_ids(p_principal)) THEN RETURN ARRAY[]::text[]; END IF;
  v_level := coalesce((SELECT r.level FROM checkstack.access_rules r WHERE r.id = p_rule), 'read');
  -- As in principal_may: a grant allows read rules with can_read or can_manage, manage rules only with can_manage.
  v_granted := ARRAY(
    SELECT DISTINCT g.resource_id FROM checkstack.resource_grants g
      JOIN checkstack.team_members m ON m.team_id = g.team_id
     WHERE g.resource_type = p_type
       AND m.principal_type = p_principal->>'type' AND m.principal_id = p_principal->>'id'
       AND (g.can_manage OR (v_level = 'read' AND g.can_read)));
  IF checkstack.principal_may(p_principal, p_rule) THEN
    RETURN ARRAY(
      SELECT s.resource_id FROM checkstack.resource_settings s
       -- NOT IN (SELECT unnest ...) is a hashed sub-plan; NOT (= ANY (array)) scanned the array per team-only row.
       WHERE s.resource_type = p_type AND s.team_only AND s.resource_id NOT IN (SELECT unnest(v_granted)));
  END IF;
  RETURN v_granted;
END
$$;

CREATE OR REPLACE FUNCTION checkstack.scope_all(p_rule text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT checkstack.principal_may(checkstack.current_principal(), p_rule)
$$;

CREATE OR REPLACE FUNCTION checkstack.scope_ids(p_rule text, p_type text) RETURNS text[]
LANGUAGE sql STABLE AS $$
  SELECT checkstack.principal_scope_ids(checkstack.current_principal(), p_rule, p_type)
$$;

-- The policy condition "the current principal may use p_rule on the resource in p_column".
CREATE OR REPLACE FUNCTION checkstack.scope_condition(p_column text, p_rule text, p_type text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT format(
    'CASE WHEN (SELECT checkstack.scope_all(%1$L)) THEN NOT ((%3$I)::text IN (SELECT unnest((SELECT checkstack.scope_ids(%1$L, %2$L))))) '
    'ELSE (%3$I)::text IN (SELECT unnest((SELECT checkstack.scope_ids(%1$L, %2$L)))) END',
    p_rule, p_type, p_column)
$$;

-- Puts a table's rows under a resource's rules: reading needs p_read_rule on
-- the row's resource, writing needs p_manage_rule. The resource type may be
-- another plugin's (health data of a catalog system is governed by the system).
CREATE OR REPLACE FUNCTION checkstack.protect_scoped_table(
  p_schema text, p_table text, p_id_column text, p_resource_type text, p_read_rule text, p_manage_rule text
) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_read text := checkstack.scope_condition(p_id_column, p_read_rule, p_resource_type);
  v_manage text := checkstack.scope_condition(p_id_column, p_manage_rule, p_resource_type);
  v_marker text := format('scope v2 %s %s %s %s', p_id_column, p_resource_type, p_read_rule, p_manage_rule);
BEGIN
  -- Already in place with these rules (instances re-run this at every boot): no DDL.
  IF (SELECT count(*) FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = p_schema AND c.relname = p_table AND p.polname LIKE 'checkstack_resource_%'
         AND obj_description(p.oid, 'pg_policy') = v_marker) = 4 THEN
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
  EXECUTE format('COMMENT ON POLICY checkstack_resource_read ON %I.%I IS %L', p_schema, p_table, v_marker);
  EXECUTE format('COMMENT ON POLICY checkstack_resource_insert ON %I.%I IS %L', p_schema, p_table, v_marker);
  EXECUTE format('COMMENT ON POLICY checkstack_resource_update ON %I.%I IS %L', p_schema, p_table, v_marker);
  EXECUTE format('COMMENT ON POLICY checkstack_resource_delete ON %I.%I IS %L', p_schema, p_table, v_marker);
END
$$;
