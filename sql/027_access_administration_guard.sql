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
--   teams                           auth.team.manage
--   a team's members                auth.team.manage, or managing that team; removing one
--                                   also as deleting an account does (see above)
--   resource grants, team-only      auth.team.manage, or managing the resource itself
--                                   (revoking a grant: also managing the team)
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

-- Whether the current principal is a manager of the team.
CREATE OR REPLACE FUNCTION checkstack.manages_team(p_team uuid) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_principal jsonb := checkstack.current_principal();
BEGIN
  RETURN v_principal IS NOT NULL AND EXISTS (
    SELECT 1 FROM checkstack.team_members m
     WHERE m.team_id = p_team AND m.is_manager
       AND m.principal_type = v_principal->>'type' AND m.principal_id = v_principal->>'id');
END
$$;

-- Whether the current principal may manage a resource (the manage rule of its type, on it).
CREATE OR REPLACE FUNCTION checkstack.may_manage_resource(p_type text, p_id text) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_rule text;
BEGIN
  SELECT r.id INTO v_rule FROM checkstack.access_rules r WHERE r.resource_type = p_type AND r.level = 'manage' ORDER BY r.id LIMIT 1;
  RETURN v_rule IS NOT NULL AND checkstack.principal_may(checkstack.current_principal(), v_rule, p_type, p_id);
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
  v_team text;
  v_resource text;
BEGIN
  -- Roles and their rules and holders, then teams, memberships, grants and team-only settings:
  -- everyone reads them; writes are guarded below, table by table.
  FOREACH v_table IN ARRAY ARRAY['roles', 'role_rules', 'disabled_default_access_rule', 'principal_roles',
                                 'teams', 'team_members', 'resource_grants', 'resource_settings'] LOOP
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
  -- Teams, memberships, grants and team-only settings.
  v_manage := 'checkstack.may(''auth.team.manage'')';
  PERFORM checkstack.ensure_policy('teams', 'checkstack_guard_insert', 'v1', format('FOR INSERT WITH CHECK (%s)', v_manage));
  PERFORM checkstack.ensure_policy('teams', 'checkstack_guard_update', 'v1', format('FOR UPDATE USING (%s) WITH CHECK (%s)', v_manage, v_manage));
  PERFORM checkstack.ensure_policy('teams', 'checkstack_guard_delete', 'v1', format('FOR DELETE USING (%s)', v_manage));
  v_team := format('(%s OR checkstack.manages_team(team_id))', v_manage);
  PERFORM checkstack.ensure_policy('team_members', 'checkstack_guard_insert', 'v1', format('FOR INSERT WITH CHECK %s', v_team));
  PERFORM checkstack.ensure_policy('team_members', 'checkstack_guard_update', 'v1', format('FOR UPDATE USING %s WITH CHECK %s', v_team, v_team));
  PERFORM checkstack.ensure_policy('team_members', 'checkstack_guard_delete', 'v1',
    format('FOR DELETE USING (%s OR (principal_type = ''user'' AND checkstack.may(''auth.user.manage'')) '
           'OR (principal_type = ''application'' AND checkstack.may(''auth.application.manage'')))', v_team));
  v_resource := format('(%s OR checkstack.may_manage_resource(resource_type, resource_id))', v_manage);
  PERFORM checkstack.ensure_policy('resource_grants', 'checkstack_guard_insert', 'v1', format('FOR INSERT WITH CHECK %s', v_resource));
  PERFORM checkstack.ensure_policy('resource_grants', 'checkstack_guard_update', 'v1', format('FOR UPDATE USING %s WITH CHECK %s', v_resource, v_resource));
  PERFORM checkstack.ensure_policy('resource_grants', 'checkstack_guard_delete', 'v1',
    format('FOR DELETE USING (%s OR checkstack.manages_team(team_id))', v_resource));
  PERFORM checkstack.ensure_policy('resource_settings', 'checkstack_guard_insert', 'v1', format('FOR INSERT WITH CHECK %s', v_resource));
  PERFORM checkstack.ensure_policy('resource_settings', 'checkstack_guard_update', 'v1', format('FOR UPDATE USING %s WITH CHECK %s', v_resource, v_resource));
  PERFORM checkstack.ensure_policy('resource_settings', 'checkstack_guard_delete', 'v1', format('FOR DELETE USING %s', v_resource));
END
$$;

-- Access rules are the platform's registry of what plugins declare: read-only to requests.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON checkstack.access_rules FROM :"app_role";
REVOKE TRUNCATE ON checkstack.roles, checkstack.role_rules, checkstack.disabled_default_access_rule, checkstack.principal_roles,
  checkstack.teams, checkstack.team_members, checkstack.resource_grants, checkstack.resource_settings FROM :"app_role";

-- The hook outbox: a request may add an event (emit, in its own transaction) and learn
-- the new row's id (RETURNING id), but neither read other events' payloads nor change or
-- remove pending ones. Delivery and retention run as the owner.
REVOKE ALL ON checkstack.hook_outbox FROM :"app_role";
GRANT INSERT (hook_id, payload, event_id) ON checkstack.hook_outbox TO :"app_role";
GRANT SELECT (id) ON checkstack.hook_outbox TO :"app_role";
