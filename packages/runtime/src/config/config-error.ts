/** One bad or missing variable. */
export interface ConfigIssue {
  variable: string;
  message: string;
}

/** The configuration cannot be used; `issues` name each variable at fault. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly issues: ConfigIssue[]) {
    super(
      `Invalid configuration:\n${issues.map((issue) => `  ${issue.variable}: ${issue.message}`).join('\n')}`,
    );
  }
}
