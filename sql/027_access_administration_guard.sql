-- Who may change access, decided in SQL. The application role's writes to the
-- access-administration tables pass row policies that check the (signed,
-- sql/015) principal's own rules, so SQL injected into any request can change
-- access no further than its caller could through the API:
--   roles, disabled default rules   auth.role.manage
--   a role's rules                  auth.role.manage, and holding the rule oneself
--   a principal's roles             auth.role.manage, and holding every rule of the role
--                                   (the admin role: being an admin); removing one also
--                                   with auth.user.manage (users) or auth.application.manage
--                                   (applications), as deleting an account does
--   access rules                    never: the platform syncs them at boot, as the owner
-- The owner (boot, migrations) is not held to these policies: they are not FORCEd.

-- Whether the current principal holds every rule of a role (an admin holds all of them).
CREATE OR REPLACE FUNCTION checkstack.may_hold_role(p_role text) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_principal jsonb := checkstack.current_principal();
BEGIN
  IF v_principal IS NULL THEN RETURN false; END IF;
  IF v_principal->>'type' = 'service' OR 'admin' = ANY (checkstack.principal_role_ids(v_principal)) THEN RETURN true; END IF;
  IF p_role = 'admin' THEN RETURN false; END IF;
  RETURN NOT EXISTS (SELECT 1 FROM checkstack.role_rules rr
                      WHERE rr.role_id = p_role AND NOT checkstack.principal_may(v_principal, rr.rule_id));
END
$$;

-- (Re)creates a policy only when its definition changed (p_version): instances re-run this at every
-- boot, and CREATE POLICY takes a lock that would queue behind every open transaction on the table.
CREATE OR REPLACE FUNCTION checkstack.ensure_policy(p_table text, p_name text, p_version text, p_definition text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = format('checkstack.%I', p_table)::regclass AND p.polname = p_name
               AND obj_description(p.oid, 'pg_policy') = p_version) THEN
    RETURN;
  END IF;
  EXECUTE format('DROP POLICY IF EXISTS %I ON checkstack.%I', p_name, p_table);
  EXECUTE format('CREATE POLICY %I ON checkstack.%I %s', p_name, p_table, p_definition);
  EXECUTE format('COMMENT ON POLICY %I ON checkstack.%I IS %L', p_name, p_table, p_version);
END
$$;

DO $$
DECLARE
  v_table text;
  v_manage text := 'checkstack.may(''auth.role.manage'')';
BEGIN
  FOREACH v_table IN ARRAY ARRAY['roles', 'role_rules', 'disabled_default_access_rule', 'principal_roles'] LOOP
    IF NOT (SELECT relrowsecurity FROM pg_class WHERE oid = format('checkstack.%I', v_table)::regclass) THEN
      EXECUTE format('ALTER TABLE checkstack.%I ENABLE ROW LEVEL SECURITY', v_table);
    END IF;
    PERFORM checkstack.ensure_policy(v_table, 'checkstack_guard_read', 'v1', 'FOR SELECT USING (true)');
  END LOOP;
  FOREACH v_table IN ARRAY ARRAY['roles', 'disabled_default_access_rule'] LOOP
    PERFORM checkstack.ensure_policy(v_table, 'checkstack_guard_insert', 'v1', format('FOR INSERT WITH CHECK (%s)', v_manage));
    PERFORM checkstack.ensure_policy(v_table, 'checkstack_guard_update', 'v1', format('FOR UPDATE USING (%s) WITH CHECK (%s)', v_manage, v_manage));
    PERFORM checkstack.ensure_policy(v_table, 'checkstack_guard_delete', 'v1', format('FOR DELETE USING (%s)', v_manage));
  END LOOP;
  PERFORM checkstack.ensure_policy('role_rules', 'checkstack_guard_insert', 'v1',
    format('FOR INSERT WITH CHECK (%s AND checkstack.may(rule_id))', v_manage));
  PERFORM checkstack.ensure_policy('role_rules', 'checkstack_guard_update', 'v1',
    format('FOR UPDATE USING (%s) WITH CHECK (%s AND checkstack.may(rule_id))', v_manage, v_manage));
  PERFORM checkstack.ensure_policy('role_rules', 'checkstack_guard_delete', 'v1', format('FOR DELETE USING (%s)', v_manage));
  PERFORM checkstack.ensure_policy('principal_roles', 'checkstack_guard_insert', 'v1',
    format('FOR INSERT WITH CHECK (%s AND checkstack.may_hold_role(role_id))', v_manage));
  PERFORM checkstack.ensure_policy('principal_roles', 'checkstack_guard_update', 'v1',
    format('FOR UPDATE USING (%s) WITH CHECK (%s AND checkstack.may_hold_role(role_id))', v_manage, v_manage));
  PERFORM checkstack.ensure_policy('principal_roles', 'checkstack_guard_delete', 'v1',
    format('FOR DELETE USING (%s OR (principal_type = ''user'' AND checkstack.may(''auth.user.manage'')) '
           'OR (principal_type = ''application'' AND checkstack.may(''auth.application.manage'')))', v_manage));
END
$$;

-- Access rules are the platform's registry of what plugins declare: read-only to requests.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON checkstack.access_rules FROM :"app_role";
REVOKE TRUNCATE ON checkstack.roles, checkstack.role_rules, checkstack.disabled_default_access_rule, checkstack.principal_roles FROM :"app_role";

-- The hook outbox: a request may add an event (emit, in its own transaction) and learn
-- the new row's id (RETURNING id), but neither read other events' payloads nor change or
-- remove pending ones. Delivery and retention run as the owner.
REVOKE ALL ON checkstack.hook_outbox FROM :"app_role";
GRANT INSERT (hook_id, payload) ON checkstack.hook_outbox TO :"app_role";
GRANT SELECT (id) ON checkstack.hook_outbox TO :"app_role";
