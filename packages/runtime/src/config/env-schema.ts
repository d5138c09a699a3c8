import { z } from 'zod';
import type { SecretSpec, VariableShape, VariableSpec, VariableValues } from '../backends/descriptor.js';
import { PORTS, backendNames } from '../backends/ports.js';
import { oneOf, variable } from '../backends/variable-kinds.js';
import { GENERAL_SECRETS, GENERAL_SECTIONS } from './general-settings.js';

const { database, worker, cache, secrets, payments, email } = PORTS;
const listed = (backends: Record<string, { summary: string }>, names = Object.keys(backends)) =>
  names.map((name) => `\`${name}\` (${backends[name]?.summary ?? ''})`).join(', ');
/** Databases that other processes can reach too, so one may stand in for another. */
const sharedDatabases = backendNames(database.backends).filter((name) => name !== 'pglite');

/** The variables that choose each port's backend; their values are the registries' names. */
export const CHOICE_VARIABLES = {
  DATABASE_TYPE: variable(
    oneOf(backendNames(database.backends)),
    `${listed(database.backends)}; what each needs and how it differs: [databases.md](databases.md)`,
  ),
  DATABASE_FALLBACK_TYPE: variable(
    oneOf(['none', ...sharedDatabases]),
    `a second way to reach the same database, for failover: \`none\`, ${listed(database.backends, sharedDatabases)}; it must differ from \`DATABASE_TYPE\` and be the same engine (\`postgresql\` and \`supabase\` are both PostgreSQL); two different databases would diverge, so such pairs are refused`,
  ),
  WORKER_MODE: variable(
    oneOf(backendNames(worker.backends)),
    `${listed(worker.backends)}. \`none\`: jobs wait in the outbox until a process with a queue relays them`,
  ),
  CACHE_TYPE: variable(
    oneOf(backendNames(cache.backends)),
    `${listed(cache.backends)}; networked caches sit behind a circuit breaker, and a dead cache never fails a request`,
  ),
  SECRETS_PROVIDER: variable(oneOf(backendNames(secrets.backends)), listed(secrets.backends)),
  SECRETS_FALLBACK: variable(
    oneOf(['none', ...backendNames(secrets.backends)]),
    `a second provider asked for names the first does not hold or when it fails (e.g. \`oci-vault\` then \`env\`): \`none\`, ${listed(secrets.backends)}; the source of each value is logged, never the value`,
  ),
  PAYMENT_PROVIDER: variable(
    oneOf(backendNames(payments.backends)),
    `the payment gateway: ${listed(payments.backends)}`,
  ),
  EMAIL_TRANSPORT: variable(
    oneOf(backendNames(email.backends)),
    `how email is delivered: ${listed(email.backends)}. Every sent message is recorded in the database whatever the transport`,
  ),
};

const portSection = (
  general: { title: string; variables: VariableShape },
  choices: VariableShape,
  backends: Record<string, { variables: VariableShape }>,
) => ({
  title: general.title,
  variables: Object.assign(
    {},
    choices,
    general.variables,
    ...Object.values(backends).map((backend) => backend.variables),
  ) as VariableShape,
});

/** Every variable BharatMart reads, by section of docs/configuration.md, in the order shown there. */
export const CONFIGURATION_SECTIONS: { title: string; variables: VariableShape }[] = [
  GENERAL_SECTIONS.process,
  GENERAL_SECTIONS.tracing,
  portSection(
    GENERAL_SECTIONS.database,
    {
      DATABASE_TYPE: CHOICE_VARIABLES.DATABASE_TYPE,
      DATABASE_FALLBACK_TYPE: CHOICE_VARIABLES.DATABASE_FALLBACK_TYPE,
    },
    database.backends,
  ),
  portSection(GENERAL_SECTIONS.worker, { WORKER_MODE: CHOICE_VARIABLES.WORKER_MODE }, worker.backends),
  portSection(GENERAL_SECTIONS.cache, { CACHE_TYPE: CHOICE_VARIABLES.CACHE_TYPE }, cache.backends),
  portSection(
    GENERAL_SECTIONS.secrets,
    {
      SECRETS_PROVIDER: CHOICE_VARIABLES.SECRETS_PROVIDER,
      SECRETS_FALLBACK: CHOICE_VARIABLES.SECRETS_FALLBACK,
    },
    secrets.backends,
  ),
  GENERAL_SECTIONS.auth,
  portSection(
    GENERAL_SECTIONS.payments,
    { PAYMENT_PROVIDER: CHOICE_VARIABLES.PAYMENT_PROVIDER },
    payments.backends,
  ),
  portSection(GENERAL_SECTIONS.email, { EMAIL_TRANSPORT: CHOICE_VARIABLES.EMAIL_TRANSPORT }, email.backends),
  GENERAL_SECTIONS.invoices,
];

/** Each variable once, in section order; a name declared twice must be one shared spec. */
function allVariables(): Record<string, VariableSpec> {
  const all: Record<string, VariableSpec> = {};
  for (const section of CONFIGURATION_SECTIONS) {
    for (const [name, spec] of Object.entries(section.variables)) {
      if (all[name] !== undefined && all[name] !== spec) {
        throw new Error(`${name} is declared twice with different specs; share one spec object`);
      }
      all[name] ??= spec;
    }
  }
  return all;
}

/** The schemas of a shape, for z.object. */
export function schemaShape<V extends VariableShape>(variables: V): { [K in keyof V]: V[K]['schema'] } {
  return Object.fromEntries(Object.entries(variables).map(([name, spec]) => [name, spec.schema])) as {
    [K in keyof V]: V[K]['schema'];
  };
}

/** Every variable by name. */
export const VARIABLES = allVariables();

/**
 * Every environment variable BharatMart reads, with its default, derived from the general settings and
 * the backend descriptors. Secret values are not here: they are read by name through the configured
 * secrets provider (see SECRETS).
 */
export const envSchema = z.object(schemaShape(VARIABLES));

const generalVariables = {
  ...GENERAL_SECTIONS.process.variables,
  ...GENERAL_SECTIONS.tracing.variables,
  ...GENERAL_SECTIONS.database.variables,
  ...GENERAL_SECTIONS.worker.variables,
  ...GENERAL_SECTIONS.cache.variables,
  ...GENERAL_SECTIONS.secrets.variables,
  ...GENERAL_SECTIONS.auth.variables,
  ...GENERAL_SECTIONS.invoices.variables,
  ...CHOICE_VARIABLES,
};

/** The general settings and the choice variables, typed; backends parse their own variables. */
export const generalSchema = z.object(schemaShape(generalVariables));

/** The parsed general settings and choices. */
export type EnvVariables = VariableValues<typeof generalVariables>;

/** The values each choice variable accepts, default first. */
export const CHOICES: Record<string, readonly string[]> = Object.fromEntries(
  Object.entries(VARIABLES).flatMap(([name, spec]) => {
    const inner = spec.schema instanceof z.ZodDefault ? spec.schema.unwrap() : spec.schema;
    return inner instanceof z.ZodEnum ? [[name, inner.options as string[]]] : [];
  }),
);

/** Names of the general secrets, as startup reads them. */
export const SECRET_NAMES = {
  jwtSecret: GENERAL_SECRETS.jwtSecret.name,
  adminEmail: 'ADMIN_EMAIL',
  adminPassword: GENERAL_SECRETS.adminPassword.name,
  paymentGatewayApiKey: GENERAL_SECRETS.paymentGatewayApiKey.name,
} as const;

/** Every secret read through the secrets provider — the general ones, then each backend's — once. */
export const SECRETS: { name: string; doc: string }[] = [
  ...Object.values(GENERAL_SECRETS),
  ...Object.values(PORTS).flatMap((port) =>
    Object.values(port.backends).flatMap(
      (backend) =>
        ((backend as { secrets?: readonly SecretSpec<never>[] }).secrets ?? []) as SecretSpec<never>[],
    ),
  ),
].filter((secret, index, all) => all.findIndex((other) => other.name === secret.name) === index);
