import { createLogEmailTransport } from '@bharatmart/core';
import type { Logger } from '@bharatmart/core';
import type { DeliveredEmail } from '../src/email-transport-contract.js';
import { describeEmailTransportContract } from '../src/email-transport-contract.js';

/** A real, minimal Logger that keeps every record in memory (pino's interface, without pino). */
function recordingLogger(records: object[]): Logger {
  const write = (obj: object) => void records.push(obj);
  const logger: Logger = { info: write, warn: write, error: write, debug: write, child: () => logger };
  return logger;
}

interface LoggedEmail {
  to: string;
  subject: string;
  attachments?: { filename: string; bytes: number }[];
}

const records: object[] = [];

describeEmailTransportContract('log', {
  createTransport: () => createLogEmailTransport(recordingLogger(records)),
  delivered(subject): DeliveredEmail | undefined {
    const logged = (records as Partial<LoggedEmail>[]).find((record) => record.subject === subject);
    return logged && { to: logged.to ?? '', subject, attachments: logged.attachments ?? [] };
  },
});
