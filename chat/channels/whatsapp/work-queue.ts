/**
 * In-process work after the webhook answered 200: tasks of one key (tenant + sender) run one
 * after another, so a follow-up is answered after the question it follows; at most
 * `concurrency` keys run at once. `idle()` resolves when nothing is queued or running (tests,
 * shutdown).
 */
export interface KeyedWorkQueue {
  push(key: string, task: () => Promise<void>): void;
  idle(): Promise<void>;
  readonly pending: number;
}

export function createKeyedWorkQueue(options: {
  readonly concurrency: number;
  readonly onError: (error: unknown) => void;
}): KeyedWorkQueue {
  const queues = new Map<string, (() => Promise<void>)[]>();
  const ready: string[] = [];
  let running = 0;
  let pending = 0;
  let idleWaiters: (() => void)[] = [];

  const settle = () => {
    if (pending > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const runKey = async (key: string) => {
    const tasks = queues.get(key);
    for (let task = tasks?.shift(); task !== undefined; task = tasks?.shift()) {
      try {
        await task();
      } catch (error) {
        options.onError(error);
      }
      pending -= 1;
    }
    queues.delete(key);
  };

  const pump = () => {
    while (running < options.concurrency && ready.length > 0) {
      const key = ready.shift() as string;
      running += 1;
      void runKey(key).finally(() => {
        running -= 1;
        pump();
        settle();
      });
    }
  };

  return {
    push(key, task) {
      pending += 1;
      const tasks = queues.get(key);
      if (tasks !== undefined) {
        tasks.push(task);
        return;
      }
      queues.set(key, [task]);
      ready.push(key);
      pump();
    },
    idle: () =>
      pending === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve)),
    get pending() {
      return pending;
    },
  };
}
