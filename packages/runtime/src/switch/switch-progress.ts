import type { SwitchEvent } from '@bharatmart/database-sql';

/**
 * A switch event as one line for people (the terminal of `pnpm db:switch`, the status of the admin
 * endpoint): phases with the time since the start, catch-up rounds with the backlog, retries with
 * their reason. Copy progress is left to the caller (a progress bar), so it gives undefined.
 */
export function describeSwitchEvent(event: SwitchEvent): string | undefined {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  switch (event.kind) {
    case 'phase':
      return event.state === 'start'
        ? `${event.phase}: started at ${seconds(event.elapsedMs)}`
        : `${event.phase}: done at ${seconds(event.elapsedMs)}`;
    case 'catch-up':
      return `catch-up round ${event.round}: ${event.applied} change(s) applied, ${event.remaining} left`;
    case 'retry':
      return `the fence was lowered and the switch tries again: ${event.reason}`;
    case 'copy':
      return undefined;
  }
}
