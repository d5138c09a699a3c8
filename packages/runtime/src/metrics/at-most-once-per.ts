/**
 * `read`, called at most once per `intervalMs`: callers in between share its last answer (or the
 * one still coming), so scrapes never reach the backend more often. A failed read is not kept.
 */
export function atMostOncePer<T>(intervalMs: number, read: () => Promise<T>): () => Promise<T> {
  let last: { at: number; answer: Promise<T> } | undefined;
  return () => {
    if (!last || performance.now() - last.at >= intervalMs) {
      const entry = { at: performance.now(), answer: read() };
      last = entry;
      entry.answer.catch(() => {
        if (last === entry) last = undefined;
      });
    }
    return last.answer;
  };
}
