import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Client } from "pg";
import { createHook, createRecordingLogger, servicePrincipal } from "@checkstack/backend-api";
import { useTestDatabase } from "../testing/test-database";
import { currentDbScope, runInDbScope } from "../database/db-scope";
import { applySqlFiles } from "../database/sql-files";
import { prepareQueueDatabase, startQueueStack, waitFor, type QueueTestStack } from "../queue/queue-test-stack";
import { listHookDeadLetters } from "./dead-letters";
import { DistributedHookBus } from "./distributed-hook-bus";
import { pruneOutbox } from "./outbox-retention";
import { WAKE_CHANNEL } from "../messaging/wake-channel";
import { rolesOfConnection } from "../database/deployment-roles";

interface Instance {
  stack: QueueTestStack;
  bus: DistributedHookBus;
}

const stacks: Instance[] = [];
afterAll(async () => {
  for (const { bus, stack } of stacks.splice(0)) {
    await bus.stop();
    await stack.stop();
  }
});
const database = useTestDatabase();

async function startInstance(name: string): Promise<Instance> {
  const stack = await startQueueStack(database.url, { instanceId: name });
  const bus = new DistributedHookBus({ pool: stack.pool, boss: stack.boss, wake: stack.wake, logger: createRecordingLogger() });
  await bus.start();
  const instance = { stack, bus };
  stacks.push(instance);
  return instance;
}

let a: Instance;
let b: Instance;

beforeAll(async () => {
  await prepareQueueDatabase(database.url);
  a = await startInstance("a");
  b = await startInstance("b");
  // pg-boss's schema exists now: grant the application role its use, as the platform does at boot.
  await applySqlFiles(a.stack.pool);
}, 30_000);

describe("DistributedHookBus in one process, two instances", () => {
  test("instance-local subscribers hear their own instance only", async () => {
    const hook = createHook<{ n: number }>("test.local");
    const heard: string[] = [];
    a.bus.subscribe("p", hook, ({ n }) => void heard.push(`a${n}`), { mode: "instance-local" });
    b.bus.subscribe("p", hook, ({ n }) => void heard.push(`b${n}`), { mode: "instance-local" });
    await a.bus.settle();
    await a.bus.emit(hook, { n: 1 });
    await b.bus.emitLocal(hook, { n: 2 });
    await Bun.sleep(300);
    expect(heard.sort()).toEqual(["a1", "b2"]);
    // emit() records the event even with no broadcast subscriber (yet): one row; emitLocal() none.
    const outbox = await a.stack.pool.query("SELECT count(*)::int AS n FROM checkstack.hook_outbox WHERE hook_id = $1", [hook.id]);
    expect(outbox.rows[0].n).toBe(1);
  });

  test("a failing work-queue handler is retried maxRetries times, then dead-lettered", async () => {
    const hook = createHook<{ order: string }>("test.failing");
    let attempts = 0;
    a.bus.subscribe(
      "billing",
      hook,
      () => {
        attempts++;
        throw new Error("payment provider down");
      },
      { mode: "work-queue", workerGroup: "charge", maxRetries: 2 },
    );
    await a.bus.settle();
    await b.bus.emit(hook, { order: "o-1" });
    await waitFor(async () => (await listHookDeadLetters(a.stack.pool)).some((letter) => letter.hookId === hook.id), 20_000, "dead letter");
    expect(attempts).toBe(3);
    const [letter] = (await listHookDeadLetters(a.stack.pool)).filter((entry) => entry.hookId === hook.id);
    expect(letter).toMatchObject({ queue: "hook.test.failing.billing.charge", payload: { order: "o-1" } });
    expect(letter?.error).toContain("payment provider down");
  }, 30_000);

  test("an event whose transaction commits after a later one is still delivered, once", async () => {
    const hook = createHook<{ label: string }>("test.ordering");
    const heard: string[] = [];
    b.bus.subscribe("watcher", hook, ({ label }) => void heard.push(label));
    await b.bus.settle();
    let releaseSlow!: () => void;
    const slowMayCommit = new Promise<void>((resolve) => (releaseSlow = resolve));
    const slow = runInDbScope(a.stack.pool, { principal: servicePrincipal("test") }, async () => {
      await a.bus.emit(hook, { label: "early-id-late-commit" });
      await slowMayCommit;
    });
    await Bun.sleep(100);
    await a.bus.emit(hook, { label: "late-id-early-commit" });
    await waitFor(() => heard.includes("late-id-early-commit"), 5_000, "the early commit");
    releaseSlow();
    await slow;
    await waitFor(() => heard.includes("early-id-late-commit"), 5_000, "the late commit");
    await Bun.sleep(2_500); // a catch-up pass on the timer must not deliver anything twice
    expect(heard.sort()).toEqual(["early-id-late-commit", "late-id-early-commit"]);
    expect(b.bus.diagnostics().outboxGaps).toBe(0);
  }, 15_000);

  test("one NOTIFY per transaction however many events it emits", async () => {
    const hook = createHook<{ i: number }>("test.batched");
    const queueHook = createHook<{ i: number }>("test.batched-work");
    let handled = 0;
    b.bus.subscribe("batch", hook, () => undefined);
    b.bus.subscribe("batch", queueHook, () => void handled++, { mode: "work-queue" });
    await b.bus.settle();
    const listener = new Client({ connectionString: database.url });
    await listener.connect();
    const notifications: string[] = [];
    listener.on("notification", (message) => notifications.push(message.payload ?? ""));
    await listener.query(`LISTEN ${WAKE_CHANNEL}`);
    try {
      await runInDbScope(a.stack.pool, { principal: servicePrincipal("test") }, async () => {
        for (let i = 0; i < 25; i++) {
          await a.bus.emit(hook, { i });
          await a.bus.emit(queueHook, { i });
        }
      });
      await waitFor(() => handled === 25, 10_000, "the queued events");
      await Bun.sleep(200);
      expect(notifications).toHaveLength(1);
      expect(notifications[0]?.split(" ").sort()).toEqual(["hook.test.batched-work.batch.default", "outbox"]);
    } finally {
      await listener.end();
    }
  }, 20_000);

  test("outbox rows older than the retention are pruned, newer ones kept", async () => {
    await a.stack.pool.query(
      `INSERT INTO checkstack.hook_outbox (hook_id, payload, emitted_at) VALUES
        ('test.prune', '{}', now() - interval '2 hours'), ('test.prune', '{}', now() - interval '2 hours'), ('test.prune', '{}', now())`,
    );
    expect(await pruneOutbox(a.stack.pool)).toBeGreaterThanOrEqual(2);
    const left = await a.stack.pool.query("SELECT count(*)::int AS n FROM checkstack.hook_outbox WHERE hook_id = 'test.prune'");
    expect(left.rows[0].n).toBe(1);
  });

  test("a broadcast emitted right after the first subscription to its hook is delivered (40 of 40)", async () => {
    // Subscriptions are recorded asynchronously; the emit must not depend on that record.
    const heard = new Set<number>();
    for (let round = 0; round < 40; round++) {
      const hook = createHook<{ round: number }>(`test.fresh-${round}`);
      b.bus.subscribe("late", hook, ({ round: n }) => void heard.add(n));
      await a.bus.emit(hook, { round });
    }
    await waitFor(() => heard.size === 40, 15_000, `all 40 broadcasts (heard ${heard.size})`).catch(() => undefined);
    expect(heard.size).toBe(40);
    await b.bus.settle();
  }, 30_000);

  test("work-queue: a stalled handler's event is redelivered; markHandled() makes its effects exactly once", async () => {
    const { app } = await rolesOfConnection(a.stack.pool);
    await a.stack.pool.query(
      `CREATE TABLE IF NOT EXISTS public.hook_effects (handler text NOT NULL, event_id text NOT NULL, instance text NOT NULL);
       GRANT SELECT, INSERT ON public.hook_effects TO "${app}"`,
    );
    const hook = createHook<{ order: string }>("test.redelivered");
    const invocations: Record<string, string[]> = { careful: [], careless: [] };
    const subscribe = (instance: Instance, name: string, group: "careful" | "careless") =>
      instance.bus.subscribe(
        "billing",
        hook,
        async (_payload, delivery) => {
          invocations[group]!.push(delivery.eventId);
          if (group === "careful" && !(await delivery.markHandled())) return;
          const scope = currentDbScope();
          await (await scope!.client()).query("INSERT INTO public.hook_effects (handler, event_id, instance) VALUES ($1, $2, $3)", [group, delivery.eventId, name]);
          // The first attempt stalls past its timeout (a GC pause, a frozen VM), so the event is handed to
          // another worker; it commits its effects only once that redelivery has started.
          if (invocations[group]!.length === 1) await waitFor(() => invocations[group]!.length >= 2, 20_000, `the ${group} redelivery`);
        },
        { mode: "work-queue", workerGroup: group, timeoutSeconds: 1, maxRetries: 3 },
      );
    for (const group of ["careful", "careless"] as const) {
      subscribe(a, "a", group);
      subscribe(b, "b", group);
    }
    await Promise.all([a.bus.settle(), b.bus.settle()]);
    await a.bus.emit(hook, { order: "o-2" });

    const effects = async (handler: string) =>
      (await a.stack.pool.query<{ event_id: string }>("SELECT event_id FROM public.hook_effects WHERE handler = $1", [handler])).rows;
    // Without the mark (the careless group) the stalled attempt and the redelivery both write: the redelivery is real.
    await waitFor(async () => (await effects("careless")).length >= 2, 20_000, "both careless attempts to commit");
    await waitFor(() => invocations["careful"]!.length >= 2, 20_000, "the careful redelivery");
    await waitFor(
      () => a.bus.diagnostics().workers.concat(b.bus.diagnostics().workers).filter((worker) => worker.queue.endsWith(".careful")).reduce((sum, worker) => sum + worker.handled, 0) >= 2,
      20_000,
      "both careful attempts to finish",
    );
    const careful = await effects("careful");
    expect(careful).toHaveLength(1);
    // One event id for every delivery of the one emit.
    expect(new Set([...invocations["careful"]!, ...invocations["careless"]!, careful[0]!.event_id]).size).toBe(1);
    const marks = await a.stack.pool.query("SELECT handler FROM checkstack.hook_handled_events WHERE event_id = $1", [careful[0]!.event_id]);
    expect(marks.rows).toEqual([{ handler: "hook.test.redelivered.billing.careful" }]);
  }, 45_000);

  test("markHandled() is refused outside work-queue deliveries", async () => {
    const hook = createHook<object>("test.broadcast-mark");
    let refusal = "";
    b.bus.subscribe("marker", hook, async (_payload, delivery) => {
      refusal = await delivery.markHandled().then(() => "allowed", (error: unknown) => String(error));
    });
    await a.bus.emit(hook, {});
    await waitFor(() => refusal !== "", 10_000, "the broadcast delivery");
    expect(refusal).toContain("markHandled() is for work-queue subscriptions");
  });

  test("a duplicate worker group in one plugin is refused", () => {
    const hook = createHook<object>("test.dup");
    a.bus.subscribe("dup", hook, () => undefined, { mode: "work-queue", workerGroup: "g" });
    expect(() => a.bus.subscribe("dup", hook, () => undefined, { mode: "work-queue", workerGroup: "g" })).toThrow(
      'plugin "dup" already subscribed worker group "g"',
    );
  });
});
