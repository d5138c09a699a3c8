import { log } from './log.js';
import { smtp } from './smtp.js';

/** Every EMAIL_TRANSPORT, one line each, default first. */
export const EMAIL_BACKENDS = { log, smtp };
