-- Jobs and work-queue hook events are enqueued inside the request's own
-- transaction (so they vanish with a rollback), and requests run as
-- checkstack_app: it may add jobs, never change or remove them.
-- (Skipped until pg-boss has installed its schema; the platform starts pg-boss first.)
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'pgboss') THEN
    GRANT USAGE ON SCHEMA pgboss TO checkstack_app;
    GRANT SELECT ON pgboss.queue TO checkstack_app;
    GRANT INSERT ON ALL TABLES IN SCHEMA pgboss TO checkstack_app;
  END IF;
END
$$;
