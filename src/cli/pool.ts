// Runs an async task for each item of a (possibly streaming) source with
// at most `concurrency` tasks in flight; the source is pulled only when a
// slot is free, so a large CSV is never read ahead into memory.

export async function runPool<T>(source: AsyncIterable<T> | Iterable<T>, concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  const limit = Math.max(1, Math.floor(concurrency));
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  for await (const item of source) {
    if (failure) break;
    const p: Promise<void> = task(item).then(
      () => { running.delete(p); },
      (error: unknown) => { running.delete(p); failure ??= { error }; },
    );
    running.add(p);
    if (running.size >= limit) await Promise.race(running);
  }
  await Promise.all(running);
  if (failure) throw failure.error;
}
