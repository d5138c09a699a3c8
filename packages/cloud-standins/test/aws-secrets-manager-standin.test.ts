import { startAwsSecretsManagerStandin } from '../src/index.js';
import type { AwsSecretsManagerStandin } from '../src/index.js';

let standin: AwsSecretsManagerStandin;

beforeAll(async () => {
  standin = await startAwsSecretsManagerStandin({ region: 'ap-south-1' });
});
afterAll(() => standin.stop());

/** A SigV4-shaped Authorization header (the stand-in checks shape and scope, not the HMAC). */
function sigV4(overrides: { keyId?: string; region?: string } = {}): Record<string, string> {
  const amzDate = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const scope = `${amzDate.slice(0, 8)}/${overrides.region ?? 'ap-south-1'}/secretsmanager/aws4_request`;
  return {
    'x-amz-date': amzDate,
    authorization: `AWS4-HMAC-SHA256 Credential=${overrides.keyId ?? standin.accessKeyId}/${scope}, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${'a'.repeat(64)}`,
  };
}

async function call(target: string, body: unknown, headers: Record<string, string> = sigV4()) {
  const response = await fetch(`${standin.url}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `secretsmanager.${target}`,
      ...headers,
    },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    errorType: response.headers.get('x-amzn-errortype'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe('AWS Secrets Manager stand-in', () => {
  it('rejects requests without a SigV4 Authorization header, or with a malformed or foreign one', async () => {
    expect(await call('GetSecretValue', { SecretId: 'x' }, {})).toMatchObject({
      status: 400,
      errorType: 'MissingAuthenticationTokenException',
      body: { __type: 'MissingAuthenticationTokenException' },
    });
    const malformed = { ...sigV4(), authorization: 'AWS4-HMAC-SHA256 Credential=nope' };
    expect((await call('GetSecretValue', { SecretId: 'x' }, malformed)).body.__type).toBe(
      'IncompleteSignatureException',
    );
    expect((await call('GetSecretValue', { SecretId: 'x' }, sigV4({ keyId: 'AKIDOTHER' }))).body.__type).toBe(
      'UnrecognizedClientException',
    );
    expect(
      (await call('GetSecretValue', { SecretId: 'x' }, sigV4({ region: 'eu-west-1' }))).body.__type,
    ).toBe('InvalidSignatureException');
    expect(standin.requests.slice(-4).map((r) => r.auth)).toEqual([
      'missing',
      'rejected',
      'rejected',
      'rejected',
    ]);
  });

  it('answers GetSecretValue with the current version and keeps the previous one after rotation', async () => {
    standin.putSecretValue('app/db', 'one');
    standin.putSecretValue('app/db', 'two');
    const current = await call('GetSecretValue', { SecretId: 'app/db' });
    expect(current).toMatchObject({
      status: 200,
      body: { Name: 'app/db', SecretString: 'two', VersionStages: ['AWSCURRENT'] },
    });
    expect(String(current.body.ARN)).toMatch(
      /^arn:aws:secretsmanager:ap-south-1:\d{12}:secret:app\/db-\w{6}$/,
    );
    expect((await call('GetSecretValue', { SecretId: current.body.ARN })).body.SecretString).toBe('two');
    expect(
      (await call('GetSecretValue', { SecretId: 'app/db', VersionStage: 'AWSPREVIOUS' })).body.SecretString,
    ).toBe('one');
    standin.putSecretValue('app/blob', new Uint8Array([1, 2, 255]));
    expect((await call('GetSecretValue', { SecretId: 'app/blob' })).body.SecretBinary).toBe('AQL/');
  });

  it('reports a missing secret as ResourceNotFoundException and an unknown operation as such', async () => {
    expect(await call('GetSecretValue', { SecretId: 'absent' })).toMatchObject({
      status: 400,
      errorType: 'ResourceNotFoundException',
      body: { __type: 'ResourceNotFoundException', message: expect.any(String) },
    });
    expect((await call('DeleteSecret', { SecretId: 'absent' })).body.__type).toBe(
      'UnknownOperationException',
    );
  });

  it('answers BatchGetSecretValue with values and per-secret errors', async () => {
    standin.putSecretValue('batch/a', 'A');
    const { status, body } = await call('BatchGetSecretValue', { SecretIdList: ['batch/a', 'batch/absent'] });
    expect(status).toBe(200);
    expect(body.SecretValues).toEqual([expect.objectContaining({ Name: 'batch/a', SecretString: 'A' })]);
    expect(body.Errors).toEqual([
      { SecretId: 'batch/absent', ErrorCode: 'ResourceNotFoundException', Message: expect.any(String) },
    ]);
    const tooMany = await call('BatchGetSecretValue', {
      SecretIdList: Array.from({ length: 21 }, (_, i) => `s${i}`),
    });
    expect(tooMany.body.__type).toBe('InvalidParameterException');
  });

  it('forgets a deleted secret', async () => {
    standin.putSecretValue('gone', 'x');
    standin.deleteSecret('gone');
    expect((await call('GetSecretValue', { SecretId: 'gone' })).body.__type).toBe(
      'ResourceNotFoundException',
    );
  });
});
