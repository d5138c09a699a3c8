import type { EmailTransport } from '@bharatmart/core';
import { defineBackend } from '../descriptor.js';
import { flag, int, text, variable } from '../variable-kinds.js';
import type { EmailDependencies } from './email-dependencies.js';

const PASSWORD = 'SMTP_PASSWORD';

/** EMAIL_TRANSPORT=smtp: an SMTP relay such as OCI Email Delivery or Amazon SES, through nodemailer. */
export const smtp = defineBackend({
  name: 'smtp',
  package: '@bharatmart/email-smtp',
  summary: 'an SMTP relay (OCI Email Delivery, Amazon SES, …) through nodemailer; see [email.md](email.md)',
  variables: {
    SMTP_HOST: variable(
      text(),
      'SMTP server (required for `smtp`), e.g. `smtp.email.ap-mumbai-1.oci.oraclecloud.com` or `email-smtp.ap-south-1.amazonaws.com`',
    ),
    SMTP_PORT: variable(int(587, 1, 65_535), 'SMTP port: 587 with STARTTLS, 465 with `SMTP_SECURE=true`'),
    SMTP_SECURE: variable(
      flag(false),
      'TLS from the first byte (port 465); `false` starts plain and upgrades with STARTTLS',
    ),
    SMTP_REQUIRE_STARTTLS: variable(
      flag(true),
      'with `SMTP_SECURE=false`: refuse to send unless the server upgrades the connection with STARTTLS, so credentials and mail never cross the network in plain text. `false` only for a local relay without TLS',
    ),
    SMTP_USER: variable(
      text(),
      "SMTP user name (OCI: the SMTP credential's OCID-style user; SES: the SMTP user name, not an access key); its password is the secret `SMTP_PASSWORD`",
    ),
    SMTP_TIMEOUT_MS: variable(
      int(10_000, 100, 120_000),
      'longest wait to connect, for the greeting and for each reply; past it the send fails and the job is retried',
    ),
    EMAIL_FROM: variable(
      text(),
      'From address of every email (required for `smtp`), e.g. `"BharatMart" <orders@shop.example.in>`; OCI and SES accept only approved senders / verified identities',
    ),
  },
  resolve: (values, context) => ({
    transport: 'smtp' as const,
    host: context.need('SMTP_HOST'),
    port: values.SMTP_PORT,
    secure: values.SMTP_SECURE,
    requireStartTls: values.SMTP_REQUIRE_STARTTLS,
    timeoutMs: values.SMTP_TIMEOUT_MS,
    from: context.need('EMAIL_FROM'),
    ...(values.SMTP_USER ? { user: values.SMTP_USER } : {}),
  }),
  secrets: [
    {
      name: PASSWORD,
      doc: 'SMTP password (OCI: the generated SMTP credential; SES: the SMTP password derived from the IAM key), required when `SMTP_USER` is set',
      required: 'always',
      when: (config) => config.user !== undefined,
    },
  ],
  load: () => import('@bharatmart/email-smtp'),
  create: async (module, config, deps: EmailDependencies): Promise<EmailTransport> =>
    module.createSmtpEmailTransport({
      ...config,
      ...(config.user ? { password: deps.secretValues[PASSWORD] ?? '' } : {}),
    }),
});
