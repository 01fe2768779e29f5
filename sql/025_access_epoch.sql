-- The access epoch (checkstack.access_epoch): a counter raised by every
-- committed change that can take access away. Instances remember access
-- decisions and signed-in principals together with the epoch they were read
-- at, and reuse them only while the counter has not moved: each statement run
-- on a remembered decision carries the epoch it relies on, and Postgres
-- refuses it (SQLSTATE CK001, before the statement's own work) once the
-- counter differs. So a revoked key, a logout or a removed role takes effect
-- at the next statement on every instance, with no message to lose.

-- Raised at most once per transaction, at commit (a deferred trigger): the
-- row lock is held for the moment of commit only, and the new value becomes
-- visible together with the change that raised it.
CREATE OR REPLACE FUNCTION checkstack.raise_access_epoch() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF current_setting('checkstack.access_epoch_raised', true) IS DISTINCT FROM 'on' THEN
    UPDATE checkstack.access_epoch SET epoch = epoch + 1;
    PERFORM set_config('checkstack.access_epoch_raised', 'on', true);
  END IF;
  RETURN NULL;
END
$$;

-- p_events: the changes that matter, e.g. 'INSERT OR UPDATE OR DELETE', or
-- 'UPDATE OR DELETE' for sessions (a new session takes nothing away).
CREATE OR REPLACE FUNCTION checkstack.track_access_changes(p_schema text, p_table text, p_events text DEFAULT 'INSERT OR UPDATE OR DELETE')
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  -- pg_trigger.tgtype bits for the events: INSERT 4, DELETE 8, UPDATE 16.
  v_mask int := (CASE WHEN p_events ~ 'INSERT' THEN 4 ELSE 0 END)
              | (CASE WHEN p_events ~ 'DELETE' THEN 8 ELSE 0 END)
              | (CASE WHEN p_events ~ 'UPDATE' THEN 16 ELSE 0 END);
BEGIN
  IF p_events !~ '^(INSERT|UPDATE|DELETE)( OR (INSERT|UPDATE|DELETE))*$' THEN
    RAISE EXCEPTION 'track_access_changes: events must be INSERT, UPDATE or DELETE joined by OR, not %', p_events;
  END IF;
  -- Instances re-run this at every boot: no DDL (and no lock on the table) when the trigger is in place.
  IF EXISTS (SELECT 1 FROM pg_trigger t
              WHERE t.tgrelid = format('%I.%I', p_schema, p_table)::regclass
                AND t.tgname = 'checkstack_access_epoch' AND (t.tgtype & 28) = v_mask) THEN
    RETURN;
  END IF;
  EXECUTE format('DROP TRIGGER IF EXISTS checkstack_access_epoch ON %I.%I', p_schema, p_table);
  EXECUTE format('CREATE CONSTRAINT TRIGGER checkstack_access_epoch AFTER %s ON %I.%I '
                 'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION checkstack.raise_access_epoch()',
                 p_events, p_schema, p_table);
END
$$;

-- Called by the epoch check (server/src/database/scope-settings.ts) only when
-- the epoch has moved: the check itself is a plain read of the counter.
CREATE OR REPLACE FUNCTION checkstack.access_epoch_moved(p_epoch bigint) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RAISE EXCEPTION 'access changed since epoch %; decide again', p_epoch USING ERRCODE = 'CK001';
END
$$;

-- The platform's access tables. Teams and roles cascade into memberships and
-- grants, whose rows raise the epoch themselves.
SELECT checkstack.track_access_changes('checkstack', t)
  FROM unnest(ARRAY['principal_roles', 'role_rules', 'access_rules', 'team_members', 'resource_grants', 'resource_settings']) AS t;

-- Readable by everyone who decides; raised only through the trigger function.
REVOKE ALL ON checkstack.access_epoch FROM :"app_role";
GRANT SELECT ON checkstack.access_epoch TO :"app_role";
