import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { ConfigError } from '../config/config-error.js';
import { describeConfig, redactedConfig } from '../config/describe-config.js';
import { loadConfig } from '../config/load-config.js';
import { loadChosenBackends } from '../registry/chosen-backends.js';
import { nextDatabaseConfig } from '../switch/next-database.js';

/**
 * `pnpm config:check --env-file F`: validates the variables of F alone with the schema and the
 * descriptors the apps use (and the NEXT_ database of a live switch, when NEXT_DATABASE_TYPE is set),
 * checks that the chosen backends' packages are installed (as startup
 * does), then prints the resolved configuration with credentials redacted. Secret values live in the
 * secrets provider, not in F, so they are checked at startup. Exits 1 naming each bad or missing
 * variable, 2 on a usage error.
 */
async function main(args: string[]): Promise<number> {
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
    await loadChosenBackends(config);
    const next = nextDatabaseConfig(variables);
    const switching = next ? `\n   live switch target (NEXT_DATABASE_TYPE): ${next.type}` : '';
    console.log(
      `${file}: valid\n\n${describeConfig(config)}${switching}\n\n${JSON.stringify(redactedConfig(config), null, 2)}`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${file}: ${error.message}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
