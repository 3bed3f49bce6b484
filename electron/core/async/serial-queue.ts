/**
 * Runs tasks one after another, in the order they were queued: a file that several callers read
 * and change (presets, the list of model folders) is never read while a write to it is under way.
 * A task that fails does not stop the ones after it.
 */
export function serialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
