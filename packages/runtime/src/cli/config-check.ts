import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { ConfigError } from '../config/config-error.js';
import { describeConfig, redactedConfig } from '../config/describe-config.js';
import { loadConfig } from '../config/load-config.js';

/**
 * `pnpm config:check --env-file F`: validates the variables of F alone with the schema the apps use,
 * then prints the resolved configuration with credentials redacted. Exits 1 naming each bad or
 * missing variable, 2 on a usage error.
 */
function main(args: string[]): number {
  const index = args.indexOf('--env-file');
  const file = index >= 0 ? args[index + 1] : undefined;
  if (!file) {
    console.error('usage: pnpm config:check --env-file <file>');
    return 2;
  }
  let variables: Record<string, string | undefined>;
  try {
    variables = parseEnv(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  try {
    const config = loadConfig(variables);
    console.log(
      `${file}: valid\n\n${describeConfig(config)}\n\n${JSON.stringify(redactedConfig(config), null, 2)}`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${file}: ${error.message}`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
