/**
 * A problem with the run store the user can act on: it is missing, locked by another
 * process, damaged, or a run reference matches nothing. The CLI prints the message alone.
 */
export class StoreError extends Error {
  override name = 'StoreError';
}

/** The store is locked by another process and the wait ran out; `holder` names the process. */
export class StoreLockedError extends StoreError {
  override name = 'StoreLockedError';
  constructor(
    message: string,
    readonly holder: string,
  ) {
    super(message);
  }
}
