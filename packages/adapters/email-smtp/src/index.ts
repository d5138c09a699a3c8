export { createSmtpEmailTransport, type SmtpEmailOptions } from './smtp-email-transport.js';
