/** The database did not answer in time; the query may still finish, and its result is then ignored. */
export class DeadlineError extends Error {
  override readonly name = "DeadlineError";
}

/**
 * `work`, or a DeadlineError after `ms`. For the shared state an answer waits on (the event claim, the Hub cache):
 * without it, a database in trouble would hold an answer for PostgreSQL's 3 s connect plus 5 s statement limits.
 * `work` keeps its own handlers, so a late rejection is never an unhandled one.
 */
export async function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`${what}: no answer from the database within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
