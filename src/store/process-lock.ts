/**
 * Readers–writer lock on a store file among the opens of one process.
 *
 * DuckDB's own lock is an OS file lock, which keeps other processes out but not a second open in
 * the same process (POSIX locks belong to the process). Without this, `cascade serve` opening the
 * store for its warm-up while a request recorded a run gave two writers on one file: one saw the
 * other's tables before its schema version was written and called the store damaged. Here any
 * number of read-only opens may share a file, a write open has it alone, and waiters are served
 * in arrival order (a writer is not starved by a stream of readers).
 */

/** Releases a held lock; calling it twice does nothing. */
export type Release = () => void;

interface Waiter {
  write: boolean;
  grant: () => void;
}

interface FileState {
  readers: number;
  writer: boolean;
  queue: Waiter[];
}

const files = new Map<string, FileState>();

/**
 * Waits until `file` may be opened (for writing: by no one else in this process; for reading: by
 * no writer), then returns the release. Resolves `null` if `waitMs` passes first, so the caller can
 * report the store as busy the way it does for another process's lock.
 *
 * @param file - the store file's path (one lock per path string)
 * @param write - true for a write open, false for a read-only one
 * @param waitMs - how long to wait (Infinity: as long as it takes)
 */
export function acquireInProcess(file: string, write: boolean, waitMs: number): Promise<Release | null> {
  let s = files.get(file);
  if (!s) files.set(file, (s = { readers: 0, writer: false, queue: [] }));
  const state = s;
  const release = once(() => {
    if (write) state.writer = false;
    else state.readers--;
    drain(file, state);
  });
  if (state.queue.length === 0 && free(state, write)) {
    take(state, write);
    return Promise.resolve(release);
  }
  return new Promise((resolve) => {
    const waiter: Waiter = {
      write,
      grant: () => {
        if (timer) clearTimeout(timer);
        resolve(release);
      },
    };
    const timer =
      Number.isFinite(waitMs) &&
      setTimeout(() => {
        const k = state.queue.indexOf(waiter);
        if (k < 0) return;
        state.queue.splice(k, 1);
        drain(file, state);
        resolve(null);
      }, waitMs);
    state.queue.push(waiter);
  });
}

function free(s: FileState, write: boolean): boolean {
  return write ? !s.writer && s.readers === 0 : !s.writer;
}

function take(s: FileState, write: boolean): void {
  if (write) s.writer = true;
  else s.readers++;
}

/** Grants the lock to waiters at the head of the queue while they fit; forgets an idle file. */
function drain(file: string, s: FileState): void {
  while (s.queue.length && free(s, s.queue[0].write)) {
    const w = s.queue.shift()!;
    take(s, w.write);
    w.grant();
  }
  if (!s.writer && s.readers === 0 && s.queue.length === 0) files.delete(file);
}

function once(f: () => void): Release {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    f();
  };
}
