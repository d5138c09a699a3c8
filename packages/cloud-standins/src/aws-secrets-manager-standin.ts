import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createStandinApp, listen, rawBody, VersionedSecrets } from './standin-server.js';
import type { RunningStandin, SeenRequest, StoredVersion } from './standin-server.js';

/** How the AWS Secrets Manager stand-in checks requests. */
export interface AwsSecretsManagerStandinOptions {
  /** The region the SigV4 credential scope must name. Default `us-east-1`. */
  region?: string;
  /** The one access key id accepted in the SigV4 credential. Default `AKIDSTANDIN0000000000`. */
  accessKeyId?: string;
}

/** A running AWS Secrets Manager stand-in (AWS JSON 1.1 protocol). */
export interface AwsSecretsManagerStandin extends RunningStandin {
  readonly region: string;
  readonly accessKeyId: string;
  /** Creates `name` or adds a new current version (rotation): strings become SecretString, bytes SecretBinary. */
  putSecretValue(name: string, value: string | Uint8Array): void;
  /** Removes `name` immediately (no recovery window). */
  deleteSecret(name: string): void;
}

const JSON_1_1 = 'application/x-amz-json-1.1';
const ACCOUNT = '000000000000';
const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=[0-9a-f]{64}$/;
const MAX_SKEW_MS = 15 * 60 * 1000;

class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** Checks the SigV4 Authorization header for shape, scope and key id (the signature itself is not recomputed). */
function checkSigV4(request: FastifyRequest, region: string, accessKeyId: string): void {
  const header = request.headers.authorization;
  if (header === undefined)
    throw new ServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const match = SIGV4.exec(header);
  const amzDate = request.headers['x-amz-date'];
  if (!match || typeof amzDate !== 'string' || !/^\d{8}T\d{6}Z$/.test(amzDate)) {
    throw new ServiceError('IncompleteSignatureException', 'Authorization header or X-Amz-Date is malformed');
  }
  const [, keyId, day, scopeRegion, service, signedHeaders = ''] = match;
  const signed = signedHeaders.split(';');
  if (!signed.includes('host') || !signed.includes('x-amz-date') || !amzDate.startsWith(day ?? '')) {
    throw new ServiceError('IncompleteSignatureException', 'SignedHeaders must include host and x-amz-date');
  }
  if (keyId !== accessKeyId) {
    throw new ServiceError(
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  }
  if (scopeRegion !== region || service !== 'secretsmanager') {
    throw new ServiceError(
      'InvalidSignatureException',
      `Credential should be scoped to ${region}/secretsmanager`,
    );
  }
  const iso = `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13)}`;
  if (Math.abs(Date.now() - Date.parse(iso)) > MAX_SKEW_MS) {
    throw new ServiceError('InvalidSignatureException', 'Signature expired');
  }
}

/**
 * Starts an in-process stand-in for AWS Secrets Manager on 127.0.0.1: `POST /` with
 * `X-Amz-Target: secretsmanager.GetSecretValue | secretsmanager.BatchGetSecretValue`, JSON 1.1
 * bodies, errors as HTTP 400 with `{"__type", "message"}`. See the package README for what it covers.
 */
export async function startAwsSecretsManagerStandin(
  options: AwsSecretsManagerStandinOptions = {},
): Promise<AwsSecretsManagerStandin> {
  const region = options.region ?? 'us-east-1';
  const accessKeyId = options.accessKeyId ?? 'AKIDSTANDIN0000000000';
  const secrets = new VersionedSecrets();
  const arns = new Map<string, string>();
  const requests: SeenRequest[] = [];

  const resolveName = (secretId: unknown): string => {
    if (typeof secretId !== 'string' || secretId.length === 0) {
      throw new ServiceError('InvalidParameterException', 'SecretId is required');
    }
    for (const [name, arn] of arns) if (arn === secretId) return name;
    return secretId;
  };

  const entry = (name: string, version: StoredVersion, latest: number): Record<string, unknown> => ({
    ARN: arns.get(name),
    Name: name,
    VersionId: version.id,
    ...(typeof version.value === 'string'
      ? { SecretString: version.value }
      : { SecretBinary: Buffer.from(version.value).toString('base64') }),
    VersionStages:
      version.number === latest ? ['AWSCURRENT'] : version.number === latest - 1 ? ['AWSPREVIOUS'] : [],
    CreatedDate: version.createdAt.getTime() / 1000,
  });

  const getSecretValue = (input: Record<string, unknown>): Record<string, unknown> => {
    const name = resolveName(input.SecretId);
    const versions = secrets.versions(name);
    if (versions.length === 0)
      throw new ServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    const stage = input.VersionStage ?? 'AWSCURRENT';
    const version =
      input.VersionId !== undefined
        ? versions.find((v) => v.id === input.VersionId)
        : stage === 'AWSCURRENT'
          ? versions.at(-1)
          : stage === 'AWSPREVIOUS'
            ? versions.at(-2)
            : undefined;
    if (!version) {
      throw new ServiceError(
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret value for the version.",
      );
    }
    return entry(name, version, versions.length);
  };

  const batchGetSecretValue = (input: Record<string, unknown>): Record<string, unknown> => {
    if (input.Filters !== undefined)
      throw new ServiceError('InvalidParameterException', 'stand-in: Filters are not supported');
    const ids = input.SecretIdList;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 20) {
      throw new ServiceError('InvalidParameterException', 'SecretIdList must hold 1 to 20 secret ids');
    }
    const values: Record<string, unknown>[] = [];
    const errors: Record<string, unknown>[] = [];
    for (const id of ids) {
      try {
        values.push(getSecretValue({ SecretId: id }));
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        errors.push({ SecretId: id, ErrorCode: error.type, Message: error.message });
      }
    }
    return { SecretValues: values, Errors: errors };
  };

  const operations: Record<string, (input: Record<string, unknown>) => Record<string, unknown>> = {
    'secretsmanager.GetSecretValue': getSecretValue,
    'secretsmanager.BatchGetSecretValue': batchGetSecretValue,
  };

  const app = createStandinApp();
  app.post('/', async (request: FastifyRequest, reply: FastifyReply) => {
    const seen: SeenRequest = { method: request.method, url: request.url, auth: 'missing' };
    requests.push(seen);
    reply.header('content-type', JSON_1_1).header('x-amzn-RequestId', randomUUID());
    try {
      checkSigV4(request, region, accessKeyId);
      seen.auth = 'accepted';
      const target = request.headers['x-amz-target'];
      const operation =
        typeof target === 'string' && Object.hasOwn(operations, target) ? operations[target] : undefined;
      if (!operation)
        throw new ServiceError('UnknownOperationException', 'stand-in: unsupported X-Amz-Target');
      if (request.headers['content-type'] !== JSON_1_1) {
        throw new ServiceError('SerializationException', `Content-Type must be ${JSON_1_1}`);
      }
      let input: unknown;
      try {
        input = JSON.parse(rawBody(request).toString('utf8') || '{}');
      } catch {
        throw new ServiceError('SerializationException', 'The request body is not valid JSON');
      }
      if (typeof input !== 'object' || input === null)
        throw new ServiceError('SerializationException', 'Expected an object');
      return operation(input as Record<string, unknown>);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      if (seen.auth === 'missing' && request.headers.authorization !== undefined) seen.auth = 'rejected';
      reply.code(400).header('x-amzn-ErrorType', error.type);
      return { __type: error.type, message: error.message };
    }
  });

  const running = await listen(app, 'http', requests);
  return {
    ...running,
    region,
    accessKeyId,
    putSecretValue(name, value) {
      if (!arns.has(name)) {
        arns.set(
          name,
          `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:${name}-${randomBytes(3).toString('hex')}`,
        );
      }
      secrets.put(name, value);
    },
    deleteSecret(name) {
      secrets.delete(name);
      arns.delete(name);
    },
  };
}
