/** What a secrets descriptor's factory is given besides its configuration. */
export interface SecretsDependencies {
  /** The process's environment, which the `env` provider reads. */
  env: Record<string, string | undefined>;
}
