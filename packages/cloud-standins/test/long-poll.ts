/**
 * Repeats `poll` (one long poll of a queue) until it answers with messages and returns them; fails,
 * naming `queue`, once `ms` milliseconds have passed without any.
 */
export async function receivedWithin<T>(queue: string, ms: number, poll: () => Promise<T[]>): Promise<T[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const messages = await poll();
    if (messages.length > 0) return messages;
    if (Date.now() > deadline) throw new Error(`no message was received from ${queue} within ${ms} ms`);
  }
}
