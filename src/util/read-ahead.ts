export interface ReadAhead<T> extends AsyncIterable<T> {
  /** Waits for the item in flight and stops the source (nothing runs on after it); idempotent. */
  close(): Promise<void>;
}

/**
 * Iterates `source` with its next item always already asked for, starting now: whatever
 * produces the items (a download, the org preparing a query) runs while the caller is busy
 * with other work or with the previous item. A failure surfaces when the caller reaches it.
 */
export function readAhead<T>(source: AsyncIterable<T>): ReadAhead<T> {
  const it = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> = it.next();
  pending.catch(() => undefined); // surfaces when iterated
  let started = false;
  let finished = false;
  const close = async () => {
    if (finished) return;
    finished = true;
    await pending.then(
      (r) => (r.done ? undefined : it.return?.()),
      () => undefined,
    );
  };
  return {
    async *[Symbol.asyncIterator]() {
      if (started) throw new Error('readAhead: iterate once');
      started = true;
      try {
        while (!finished) {
          const r = await pending;
          if (r.done) {
            finished = true;
            return;
          }
          pending = it.next();
          pending.catch(() => undefined);
          yield r.value;
        }
      } finally {
        await close();
      }
    },
    close,
  };
}
