import { createPublicKey, generateKeyPairSync, randomUUID, X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { issueInstanceCertificate } from './oci-instance-certificate.js';
import { OciServiceError, verifyOciRequestSignature } from './oci-request-signature.js';
import { issueSecurityToken } from './oci-security-token.js';
import { selfSignedCertificate } from './self-signed-certificate.js';
import { createStandinApp, listen, rawBody } from './standin-server.js';
import type { RunningStandin, SeenRequest } from './standin-server.js';

/** Who the identity stand-in's principals are. */
export interface OciIdentityStandinOptions {
  /** Tenancy of the instance certificate and of every token. Default `ocid1.tenancy.oc1..standin`. */
  tenancyId?: string;
  /** What the metadata service answers for `instance/region`. Default `ap-mumbai-1`. */
  region?: string;
  /** The Kubernetes service account token the proxymux stand-in accepts as `Authorization: Bearer …`. */
  serviceAccountToken: string;
}

/**
 * A running stand-in of the services that hand OCI principals their security tokens: the instance
 * metadata service (v2), the auth service's X.509 federation endpoint, and OKE's proxymux.
 */
export interface OciIdentityStandin extends RunningStandin {
  /** PEM public key verifying every token it issues; give it to the Vault and Queue stand-ins. */
  readonly tokenIssuerKey: string;
  /** Instance metadata base URL, `http://127.0.0.1:<port>/opc/v2/` (the SDK's default is 169.254.169.254). */
  readonly metadataBaseUrl: string;
  /** Auth service endpoint for instance principals (`POST /v1/x509` under it). */
  readonly federationEndpoint: string;
  /** The proxymux stand-in (HTTPS on 127.0.0.1) and the CA certificate (PEM) a client must trust. */
  readonly proxymux: { host: string; port: number; ca: string };
  /**
   * A resource principal session token (RPST) bound to `sessionPublicKey` (PEM), as OCI places in
   * `OCI_RESOURCE_PRINCIPAL_RPST` for a function or another resource.
   */
  issueResourcePrincipalToken(sessionPublicKey: string): string;
}

const INSTANCE = 'ocid1.instance.oc1.ap-mumbai-1.standin';
const KEY_ID = /keyId="([^"]*)"/;
const fingerprintOf = (text: string): string => text.replaceAll(':', '').toLowerCase();
const spki = (base64: string): KeyObject =>
  createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });

function fail(reply: FastifyReply, error: unknown): { code: string; message: string } {
  if (!(error instanceof OciServiceError)) throw error;
  reply.code(error.status);
  return { code: error.code, message: error.message };
}

/**
 * Starts the identity stand-in on 127.0.0.1: an HTTP server with the metadata service
 * (`GET /opc/v2/instance/region`, `/opc/v2/identity/{cert,key,intermediate}.pem`, each requiring
 * `Authorization: Bearer Oracle`) and the federation endpoint (`POST /v1/x509`: the request must be
 * signed with the leaf certificate's key under keyId `<tenancy>/fed-x509/<SHA-1 fingerprint>`, the
 * certificate issued by the intermediate and naming the tenancy; answers `{"token"}` bound to the
 * body's `publicKey`), and an HTTPS server with proxymux (`POST /resourcePrincipalSessionTokens` with
 * the service account token; answers base64 of `{"token": "ST$<token>"}` bound to `podKey`).
 */
export async function startOciIdentityStandin(
  options: OciIdentityStandinOptions,
): Promise<OciIdentityStandin> {
  const tenancy = options.tenancyId ?? 'ocid1.tenancy.oc1..standin';
  const region = options.region ?? 'ap-mumbai-1';
  const issuer = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const [instance, tls] = await Promise.all([
    issueInstanceCertificate(tenancy, INSTANCE),
    selfSignedCertificate(),
  ]);
  const intermediate = new X509Certificate(instance.intermediate);
  const requests: SeenRequest[] = [];
  const see = (request: FastifyRequest): SeenRequest => {
    const seen: SeenRequest = { method: request.method, url: request.url, auth: 'missing' };
    requests.push(seen);
    return seen;
  };

  const metadata = createStandinApp();
  const metadataFiles: Record<string, string> = {
    'instance/region': region,
    'identity/cert.pem': instance.cert,
    'identity/key.pem': instance.key,
    'identity/intermediate.pem': instance.intermediate,
  };
  metadata.get('/opc/v2/*', async (request, reply) => {
    const seen = see(request);
    if (request.headers.authorization !== 'Bearer Oracle') {
      seen.auth = request.headers.authorization === undefined ? 'missing' : 'rejected';
      return reply.code(401).type('text/plain').send('Authorization header required: Bearer Oracle');
    }
    seen.auth = 'accepted';
    const body = metadataFiles[request.url.slice('/opc/v2/'.length)];
    return body === undefined ? reply.code(404).send() : reply.type('text/plain').send(body);
  });
  metadata.post('/v1/x509', async (request, reply) => {
    const seen = see(request);
    try {
      if (request.headers.authorization !== undefined) seen.auth = 'rejected';
      const body = JSON.parse(rawBody(request).toString('utf8')) as {
        certificate?: string;
        publicKey?: string;
      };
      if (typeof body.certificate !== 'string' || typeof body.publicKey !== 'string')
        throw new OciServiceError(400, 'InvalidParameter', 'certificate and publicKey are required');
      const leaf = new X509Certificate(Buffer.from(body.certificate, 'base64'));
      const keyId = KEY_ID.exec(request.headers.authorization ?? '')?.[1] ?? '';
      const [keyTenancy, kind, fingerprint = ''] = keyId.split('/');
      const trusted =
        leaf.checkIssued(intermediate) &&
        leaf.verify(intermediate.publicKey) &&
        leaf.subject.includes(`OU=opc-tenant:${tenancy}`) &&
        keyTenancy === tenancy &&
        kind === 'fed-x509' &&
        fingerprintOf(fingerprint) === fingerprintOf(leaf.fingerprint);
      const apiKeys = trusted
        ? { [keyId]: leaf.publicKey.export({ type: 'spki', format: 'pem' }).toString() }
        : {};
      verifyOciRequestSignature(request, { apiKeys });
      seen.auth = 'accepted';
      return {
        token: issueSecurityToken(issuer.privateKey, spki(body.publicKey), {
          ptype: 'instance',
          sub: INSTANCE,
          tenant: tenancy,
        }),
      };
    } catch (error) {
      return fail(
        reply,
        error instanceof SyntaxError
          ? new OciServiceError(400, 'InvalidParameter', 'body is not JSON')
          : error,
      );
    }
  });

  const proxymux = createStandinApp({ key: tls.key, cert: tls.cert });
  proxymux.post('/resourcePrincipalSessionTokens', async (request, reply) => {
    const seen = see(request);
    try {
      if (request.headers.authorization !== `Bearer ${options.serviceAccountToken}`) {
        seen.auth = request.headers.authorization === undefined ? 'missing' : 'rejected';
        throw new OciServiceError(401, 'NotAuthenticated', 'service account token not accepted');
      }
      seen.auth = 'accepted';
      const { podKey } = JSON.parse(rawBody(request).toString('utf8')) as { podKey?: unknown };
      if (typeof podKey !== 'string')
        throw new OciServiceError(400, 'InvalidParameter', 'podKey is required');
      const token = issueSecurityToken(issuer.privateKey, spki(podKey), {
        ptype: 'workload',
        sub: 'ocid1.cluster.oc1..standin',
        tenant: tenancy,
      });
      return reply
        .type('text/plain')
        .send(Buffer.from(JSON.stringify({ token: `ST$${token}` })).toString('base64'));
    } catch (error) {
      return fail(reply, error);
    }
  });

  const [http, https] = await Promise.all([
    listen(metadata, 'http', requests),
    listen(proxymux, 'https', requests),
  ]);
  return {
    url: http.url,
    requests,
    stop: async () => void (await Promise.all([http.stop(), https.stop()])),
    tokenIssuerKey: issuer.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    metadataBaseUrl: `${http.url}/opc/v2/`,
    federationEndpoint: http.url,
    proxymux: { host: '127.0.0.1', port: Number(new URL(https.url).port), ca: tls.cert },
    issueResourcePrincipalToken: (sessionPublicKey) =>
      issueSecurityToken(issuer.privateKey, createPublicKey(sessionPublicKey), {
        ptype: 'resource',
        sub: `ocid1.fnfunc.oc1..standin${randomUUID().replaceAll('-', '')}`,
        tenant: tenancy,
      }),
  };
}
