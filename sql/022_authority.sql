-- Authority over an account, a role or an API key: nobody may act on (reset,
-- disable, re-email, delete, assign roles to) something that holds rules they
-- do not hold themselves, nor hand out roles or rules above their own. One
-- check, "the caller's rules include the target's", used by every procedure
-- of access administration and of the auth plugin's account management.

-- The rules a set of roles confers: admin confers every registered rule.
CREATE OR REPLACE FUNCTION checkstack.rules_of_roles(p_roles text[]) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT coalesce(array_agg(r.id ORDER BY r.id), ARRAY[]::text[]) FROM checkstack.access_rules r
   WHERE 'admin' = ANY (p_roles)
      OR EXISTS (SELECT 1 FROM checkstack.role_rules rr WHERE rr.rule_id = r.id AND rr.role_id = ANY (p_roles))
$$;

-- What p_caller lacks to act on a target holding p_roles (plus the subject's own
-- roles when p_subject is given: {"type": "user"|"application", "id": ...}) and
-- p_rules: 'role:admin' when the target is an admin and the caller is not, then
-- every rule the target holds that the caller does not. Empty means allowed.
-- A service principal (a plugin acting for the platform) lacks nothing; neither
-- does platform code running with no principal at all (boot: the first admin).
CREATE OR REPLACE FUNCTION checkstack.authority_gap(p_caller jsonb, p_subject jsonb, p_roles text[], p_rules text[])
RETURNS text[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_caller_roles text[];
  v_target_roles text[] := coalesce(p_roles, ARRAY[]::text[]);
  v_missing text[];
BEGIN
  IF p_caller IS NULL OR p_caller->>'type' = 'service' THEN RETURN ARRAY[]::text[]; END IF;
  v_caller_roles := checkstack.principal_role_ids(p_caller);
  IF 'admin' = ANY (v_caller_roles) THEN RETURN ARRAY[]::text[]; END IF;
  IF p_subject IS NOT NULL THEN
    v_target_roles := v_target_roles || checkstack.principal_role_ids(p_subject);
  END IF;
  SELECT coalesce(array_agg(rule ORDER BY rule), ARRAY[]::text[]) INTO v_missing
    FROM (SELECT DISTINCT unnest(checkstack.rules_of_roles(v_target_roles) || coalesce(p_rules, ARRAY[]::text[])) AS rule) wanted
   WHERE NOT checkstack.principal_may(p_caller, rule);
  IF 'admin' = ANY (v_target_roles) THEN RETURN ARRAY['role:admin'] || v_missing; END IF;
  RETURN v_missing;
END
$$;
