import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { variable } from './variable-kinds.js';

const PEM_CERTIFICATE = '-----BEGIN CERTIFICATE-----';

/**
 * An optional path of a PEM file holding one or more CA certificates. Parsing (so also config:check)
 * refuses a file that cannot be read or holds no PEM certificate, naming the variable.
 */
export const caFile = () =>
  z
    .string()
    .trim()
    .min(1)
    .optional()
    .superRefine((path, context) => {
      if (path === undefined) return;
      let contents: string;
      try {
        contents = readFileSync(path, 'utf8');
      } catch (error) {
        context.addIssue({
          code: 'custom',
          message: `cannot be read (${(error as { code?: string }).code ?? String(error)})`,
        });
        return;
      }
      if (!contents.includes(PEM_CERTIFICATE))
        context.addIssue({
          code: 'custom',
          message: `holds no PEM certificate (${PEM_CERTIFICATE})`,
        });
    });

/** The PEM text of a CA file `caFile()` accepted. */
export function readCaFile(path: string): string {
  return readFileSync(path, 'utf8');
}

/** The CA of Redis servers reached over TLS; read by the Redis cache and the BullMQ queue. */
export const redisTlsVariables = {
  REDIS_CA_FILE: variable(
    caFile(),
    "PEM file of the CA that signed the TLS certificate of the Redis servers (`rediss://` URLs, `oci-cache`), instead of the system CAs; the server must present a certificate for the URL's host name. Setting it with a `redis://` URL is refused (never plaintext)",
  ),
};

/** Host and port of a `redis://` or `rediss://` URL (port 6379 when absent). */
export function redisEndpoint(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: Number(parsed.port) || 6379 };
}

/**
 * What a Redis URL and REDIS_CA_FILE mean together: TLS for `rediss://` (or when `forceTls`), with
 * the CA's PEM when given. A CA with a plaintext URL is a mistake never taken as plaintext: it is
 * reported on `urlVariable`.
 */
export function resolveRedisTls(
  url: string,
  caFilePath: string | undefined,
  forceTls: boolean,
  problem: (variable: string, message: string) => void,
  urlVariable: string,
): { tls: boolean; caFile?: string } {
  const tls = forceTls || url.startsWith('rediss://');
  if (caFilePath !== undefined && !tls)
    problem(urlVariable, 'REDIS_CA_FILE is set, so the URL must be `rediss://` (TLS); refusing plaintext');
  return { tls, ...(caFilePath === undefined ? {} : { caFile: caFilePath }) };
}
