import { createLogEmailTransport } from '@bharatmart/core';
import type { EmailTransport } from '@bharatmart/core';
import { defineBackend } from '../descriptor.js';
import type { EmailDependencies } from './email-dependencies.js';

/** EMAIL_TRANSPORT=log: each message's recipient and subject go to the log; nothing is sent. */
export const log = defineBackend({
  name: 'log',
  summary: 'writes recipient and subject to the log, sends nothing',
  variables: {},
  resolve: () => ({ transport: 'log' as const }),
  load: async () => ({}),
  create: async (_module, _config, deps: EmailDependencies): Promise<EmailTransport> =>
    createLogEmailTransport(deps.logger),
});
