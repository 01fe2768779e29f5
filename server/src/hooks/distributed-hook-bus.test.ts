import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Client } from "pg";
import { createHook, createRecordingLogger, servicePrincipal } from "@checkstack/backend-api";
import { useTestDatabase } from "@checkstack/test-utils";
import { runInDbScope } from "../database/db-scope";
import { applySqlFiles } from "../database/sql-files";
import { prepareQueueDatabase, startQueueStack, waitFor, type QueueTestStack } from "../queue/queue-test-stack";
import { listHookDeadLetters } from "./dead-letters";
import { DistributedHookBus } from "./distributed-hook-bus";
import { pruneOutbox } from "./outbox-retention";
import { WAKE_CHANNEL } from "./wake-channel";

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
    const outbox = await a.stack.pool.query("SELECT count(*)::int AS n FROM checkstack.hook_outbox WHERE hook_id = $1", [hook.id]);
    expect(outbox.rows[0].n).toBe(0);
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

  test("a duplicate worker group in one plugin is refused", () => {
    const hook = createHook<object>("test.dup");
    a.bus.subscribe("dup", hook, () => undefined, { mode: "work-queue", workerGroup: "g" });
    expect(() => a.bus.subscribe("dup", hook, () => undefined, { mode: "work-queue", workerGroup: "g" })).toThrow(
      'plugin "dup" already subscribed worker group "g"',
    );
  });
});
