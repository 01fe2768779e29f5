-- Jobs and work-queue hook events are enqueued inside the request's own
-- transaction (so they vanish with a rollback), and requests run as
-- the application role: it may add jobs, never change or remove them.
-- (Skipped until pg-boss has installed its schema; the platform starts pg-boss first.)
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'pgboss') THEN
    GRANT USAGE ON SCHEMA pgboss TO :"app_role";
    GRANT SELECT ON pgboss.queue TO :"app_role";
    GRANT INSERT ON ALL TABLES IN SCHEMA pgboss TO :"app_role";
  END IF;
END
$$;
