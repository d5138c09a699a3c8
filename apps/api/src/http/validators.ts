import { Ajv } from 'ajv';
import type { Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

function ajv(options: Options): Ajv {
  const instance = new Ajv({
    removeAdditional: false,
    useDefaults: true,
    strict: false,
    ...options,
  });
  (addFormats as unknown as (ajv: Ajv) => void)(instance);
  return instance;
}

/**
 * Bodies are validated strictly (a string where a number belongs is a 400, unknown properties are
 * rejected, never silently dropped) and stop at the first problem: a body may hold hundreds of
 * thousands of entries, and reporting each would cost seconds and megabytes (`maxItems` is checked
 * before the items). Query strings, path params and headers, which are text on the wire bounded by
 * the header size limit, are coerced to their schema types and report every problem (the error
 * shape keeps the first 20).
 */
export function installValidators(app: FastifyInstance): void {
  const strict = ajv({ coerceTypes: false, allErrors: false });
  const coercing = ajv({ coerceTypes: true, allErrors: true });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body' ? strict.compile(schema) : coercing.compile(schema),
  );
}
