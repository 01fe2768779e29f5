-- The access decision: "may this principal use rule R, on resource X?"
-- Used by autoAuthMiddleware (through the platform's AccessDecider) and by the
-- row-level-security policies on plugin tables: one source of truth.
--
-- The principal is read from the transaction-local setting checkstack.principal
-- (JSON: {"type": "user", "id": ...}), checked against the platform's signature
-- (sql/015_principal_signature.sql); with none set, nothing is allowed.

CREATE OR REPLACE FUNCTION checkstack.current_principal() RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT checkstack.signed_principal()
$$;

-- plpgsql rather than sql: its statements are planned once per connection, where a
-- SECURITY DEFINER sql function is planned again on every call (the policies call it per row).
CREATE OR REPLACE FUNCTION checkstack.principal_role_ids(p_principal jsonb) RETURNS text[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  CASE p_principal->>'type'
    WHEN 'anonymous' THEN RETURN ARRAY['anonymous'];
    WHEN 'user' THEN RETURN ARRAY['users'] || ARRAY(
      SELECT role_id FROM checkstack.principal_roles WHERE principal_type = 'user' AND principal_id = p_principal->>'id');
    WHEN 'application' THEN RETURN ARRAY(
      SELECT role_id FROM checkstack.principal_roles WHERE principal_type = 'application' AND principal_id = p_principal->>'id');
    ELSE RETURN ARRAY[]::text[];
  END CASE;
END
$$;

-- Rule R on resource (type, id), for a given principal:
--   no principal -> no; a service (plugin acting for the platform) -> yes; admin -> yes;
--   without a resource -> the principal's roles hold R (a read rule is held with its pair's manage rule);
--   a team-only resource -> only through a grant to one of the principal's teams;
--   any other resource -> the roles hold R, or a team grant allows it.
-- A grant allows "read" rules when can_read or can_manage is set, "manage" rules only with can_manage.
CREATE OR REPLACE FUNCTION checkstack.principal_may(p_principal jsonb, p_rule text, p_type text DEFAULT NULL, p_id text DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  v_roles text[];
  v_holds boolean;
  v_level text;
  v_team_only boolean;
  v_granted boolean;
BEGIN
  IF p_principal IS NULL THEN RETURN false; END IF;
  IF p_principal->>'type' = 'service' THEN RETURN true; END IF;
  v_roles := checkstack.principal_role_ids(p_principal);
  IF 'admin' = ANY (v_roles) THEN RETURN true; END IF;
  -- Holding a resource's manage rule includes its read rule, as a manage grant does.
  v_holds := EXISTS (SELECT 1 FROM checkstack.role_rules rr WHERE rr.role_id = ANY (v_roles) AND rr.rule_id = p_rule)
    OR EXISTS (
      SELECT 1 FROM checkstack.access_rules wanted
        JOIN checkstack.access_rules held ON held.resource_type = wanted.resource_type AND held.level = 'manage'
        JOIN checkstack.role_rules rr ON rr.rule_id = held.id
       WHERE wanted.id = p_rule AND wanted.level = 'read' AND rr.role_id = ANY (v_roles));
  IF p_type IS NULL THEN RETURN v_holds; END IF;

  SELECT coalesce(r.level, 'read') INTO v_level FROM checkstack.access_rules r WHERE r.id = p_rule;
  v_level := coalesce(v_level, 'read');
  SELECT s.team_only INTO v_team_only FROM checkstack.resource_settings s
   WHERE s.resource_type = p_type AND s.resource_id = p_id;
  v_granted := EXISTS (
    SELECT 1 FROM checkstack.resource_grants g
      JOIN checkstack.team_members m ON m.team_id = g.team_id
     WHERE g.resource_type = p_type AND g.resource_id = p_id
       AND m.principal_type = p_principal->>'type' AND m.principal_id = p_principal->>'id'
       AND (g.can_manage OR (v_level = 'read' AND g.can_read)));
  IF coalesce(v_team_only, false) THEN RETURN v_granted; END IF;
  RETURN v_holds OR v_granted;
END
$$;

-- The current transaction's principal: what policies and the middleware call.
CREATE OR REPLACE FUNCTION checkstack.may(p_rule text, p_type text DEFAULT NULL, p_id text DEFAULT NULL) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT checkstack.principal_may(checkstack.current_principal(), p_rule, p_type, p_id)
$$;

-- For the middleware: every rule at once, and the permitted subset of a list of ids.
CREATE OR REPLACE FUNCTION checkstack.may_all(p_rules text[], p_type text DEFAULT NULL, p_id text DEFAULT NULL) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
DECLARE
  v_principal jsonb := checkstack.current_principal();
  v_rule text;
BEGIN
  FOREACH v_rule IN ARRAY coalesce(p_rules, ARRAY[]::text[]) LOOP
    IF NOT checkstack.principal_may(v_principal, v_rule, p_type, p_id) THEN RETURN false; END IF;
  END LOOP;
  RETURN true;
END
$$;

CREATE OR REPLACE FUNCTION checkstack.permitted_ids(p_rule text, p_type text, p_ids text[]) RETURNS SETOF text
LANGUAGE sql STABLE AS $$
  SELECT id FROM unnest(p_ids) AS id WHERE checkstack.may(p_rule, p_type, id)
$$;
