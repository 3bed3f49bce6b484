/** Runs async tasks one at a time, in call order (a failed task does not stop the next). */
export type SerialQueue = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * Backends reuse their input buffers, and onnxruntime reads them on its own threads while
 * `run` is pending, so overlapping predicts must wait for each other.
 */
export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const result = tail.then(task, task);
    tail = result.catch(() => undefined);
    return result;
  };
}
