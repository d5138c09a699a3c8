import type { z } from 'zod';

/** One environment variable a backend (or the general settings) reads. */
export interface VariableSpec<S extends z.ZodType = z.ZodType> {
  /** Parses the raw string; carries the default (unset and blank values get it). */
  schema: S;
  /** What it means, as docs/configuration.md shows it. */
  doc: string;
  /**
   * The value may carry a credential (a password inside a URL or a server list). Every printout masks
   * it through `redactCredentials`, whatever the field it ends up in.
   */
  credential?: boolean;
}

/** Named variables, unprefixed (`DATABASE_URL`, not `NEXT_DATABASE_URL`). */
export type VariableShape = Record<string, VariableSpec>;

/** The parsed values of a shape, by variable name. */
export type VariableValues<V extends VariableShape> = { [K in keyof V]: z.output<V[K]['schema']> };

/** A secret a backend reads by name through the secrets provider (never through the schema). */
export interface SecretSpec<C> {
  name: string;
  /** What it is, as docs/configuration.md shows it. */
  doc: string;
  /**
   * `always`: startup stops when no provider holds it; `production`: only with NODE_ENV=production;
   * `optional`: read when present. `when` narrows it to some configurations (e.g. parts, not a URL).
   */
  required: 'always' | 'production' | 'optional';
  when?(config: C): boolean;
}

/** How a backend reports a missing or inconsistent variable while it builds its configuration. */
export interface ResolveContext {
  /** The choice that selected the backend, as the user wrote it (`DATABASE_TYPE=supabase`). */
  readonly because: string;
  /**
   * The variable's value when set; otherwise records "`<name>` is required when `<because><extra>`"
   * and returns ''. Names are unprefixed; the report carries the prefix.
   */
  need(variable: string, extra?: string): string;
  /** Records any other problem with a variable. */
  problem(variable: string, message: string): void;
}

/**
 * Everything BharatMart knows about one backend of one port, in one place: the variables it reads, the
 * ones that carry credentials, the secrets it needs, the rules between its variables, how they become
 * its configuration, the package that implements it (loaded only when chosen) and how that package's
 * factory is called. The schema, config:check, the startup printout, the redaction, the docs and the
 * registries are all derived from these.
 */
export interface BackendDescriptor<V extends VariableShape, C, M, A, D> {
  /** The value of the port's choice variable that selects it. */
  readonly name: string;
  /**
   * The adapter package, absent for a backend that needs none; when it is not installed, startup and
   * config:check stop with "install … to use …".
   */
  readonly package?: string;
  /** One line for the docs: what the backend is. */
  readonly summary: string;
  /**
   * Database backends: the database server it reaches (`postgresql` for PostgreSQL and Supabase). The
   * two sides of a failover pair must share it, being one database reached two ways.
   */
  readonly engine?: string;
  /**
   * The variable naming the CA file of the backend's TLS, if it has one: a server certificate
   * refused at startup stops the process with a configuration error naming it.
   */
  readonly tlsCaVariable?: string;
  readonly variables: V;
  readonly secrets?: readonly SecretSpec<C>[];
  /** Builds the configuration from parsed values; reports missing and inconsistent ones via `context`. */
  resolve(values: VariableValues<V>, context: ResolveContext): C;
  /** Imports the adapter package (lazily: only the chosen backends are ever imported). */
  load(): Promise<M>;
  /** Creates the adapter from the loaded package, the configuration and the process's dependencies. */
  create(module: M, config: C, dependencies: D): Promise<A>;
}

/** A descriptor as a registry holds it: its variable types erased, its port's types kept. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PortBackend<C, A, D> = BackendDescriptor<VariableShape, C, any, A, D>;

/** Declares a descriptor with its types inferred from its variables and its import. */
export function defineBackend<V extends VariableShape, C, M, A, D>(
  descriptor: BackendDescriptor<V, C, M, A, D>,
): BackendDescriptor<V, C, M, A, D> {
  return descriptor;
}
