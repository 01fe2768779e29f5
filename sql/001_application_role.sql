-- The role every request, job and hook delivery runs as (SET LOCAL ROLE inside
-- its transaction). It owns nothing and cannot bypass row-level security, so
-- policies hold even for code that forgets a WHERE clause.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'checkstack_app') THEN
    BEGIN
      CREATE ROLE checkstack_app NOLOGIN NOBYPASSRLS;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- another database on this server created it at the same moment
    END;
  END IF;
END
$$;

-- The login role must be allowed to switch to it.
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'checkstack_app', 'MEMBER') THEN
    EXECUTE format('GRANT checkstack_app TO %I', current_user);
  END IF;
END
$$;

GRANT USAGE ON SCHEMA checkstack TO checkstack_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA checkstack TO checkstack_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA checkstack TO checkstack_app;
