/** How often the parent is looked for; an orphaned instance stops within this much time. */
const CHECK_MS = 1_000;

/**
 * Calls `onOrphaned` once if the process that started this one goes away.
 * A launcher that dies without passing its signal on (a shell between npm and
 * bun, a supervisor killed with SIGKILL) would otherwise leave the platform
 * and its embedded Postgres running with nobody to stop them. A process whose
 * parent was already init (PID 1 in a container) is not watched.
 */
export function watchParent(onOrphaned: () => void): () => void {
  const parent = process.ppid;
  if (parent <= 1) return () => undefined;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onOrphaned();
  }, CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
