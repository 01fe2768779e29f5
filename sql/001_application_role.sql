-- The role every request, job and hook delivery runs as (SET LOCAL ROLE inside
-- its transaction). It owns nothing and cannot bypass row-level security, so
-- policies hold even for code that forgets a WHERE clause.
-- Roles are named per deployment (the application role is checkstack_app_<database>,
-- filled in by server/src/database/sql-files.ts) and created once by the
-- database setup (`checkstack db init`): the platform's login cannot create roles.
DO $$
BEGIN
  IF to_regrole(:'app_role') IS NULL OR NOT pg_has_role(current_user, :'app_role', 'MEMBER') THEN
    RAISE EXCEPTION 'role % is missing or not granted to %: run the one-time database setup (checkstack db init)', :'app_role', current_user;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA checkstack TO :"app_role";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA checkstack TO :"app_role";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA checkstack TO :"app_role";
