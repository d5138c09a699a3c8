import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import {
  createTestCertificates,
  describeWithBinaries,
  freePort,
  tcpReachable,
  waitUntil,
  type TestCertificates,
} from '@bharatmart/testkit';
import { shippedSitePrefix } from './support/nginx.js';

const run = promisify(execFile);

/** An HTTP answer as curl saw it: status, lower-cased headers, body; `exit` is curl's exit code. */
interface CurlAnswer {
  exit: number;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Runs curl with `args` (status line and headers in the output), without following redirects. */
async function curl(...args: string[]): Promise<CurlAnswer> {
  const outcome = await run('curl', ['-sS', '-i', '--max-time', '5', ...args]).then(
    ({ stdout }) => ({ exit: 0, stdout }),
    (error: { code?: number; stdout?: string }) => ({ exit: error.code ?? -1, stdout: error.stdout ?? '' }),
  );
  const [head = '', body = ''] = outcome.stdout.split(/\r\n\r\n/, 2);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => [
      line.slice(0, line.indexOf(':')).toLowerCase(),
      line.slice(line.indexOf(':') + 1).trim(),
    ]),
  );
  return { exit: outcome.exit, status: Number(statusLine.split(' ')[1] ?? 0), headers, body };
}

describeWithBinaries(
  ['nginx', 'curl', 'openssl'],
  'nginx curl openssl',
  'the shipped nginx site over TLS',
  () => {
    const seen: { path: string; proto: string | undefined }[] = [];
    let upstreams: Server[] = [];
    let nginx: ChildProcess | undefined;
    let certificates: TestCertificates;
    const ports = { http: 0, https: 0, internal: 0 };

    beforeAll(async () => {
      // Stand-ins for the two API processes: they answer every path, recording what nginx forwarded.
      upstreams = [createServer(), createServer()];
      const apiPorts: [number, number] = [await freePort(), await freePort()];
      await Promise.all(
        upstreams.map(
          (server, index) =>
            new Promise<void>((resolve) => {
              server.on('request', (request, response) => {
                seen.push({ path: request.url ?? '', proto: request.headers['x-forwarded-proto'] as string });
                response.setHeader('content-type', 'application/json');
                response.end(JSON.stringify({ path: request.url }));
              });
              server.listen(apiPorts[index], '127.0.0.1', () => resolve());
            }),
        ),
      );
      certificates = createTestCertificates();
      Object.assign(ports, { http: await freePort(), https: await freePort(), internal: await freePort() });
      const prefix = shippedSitePrefix({ ...ports, apis: apiPorts }, certificates);
      nginx = spawn('nginx', ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'], {
        stdio: 'ignore',
      });
      await waitUntil('nginx to listen', 10_000, () => tcpReachable('127.0.0.1', ports.https, 200));
    });

    afterAll(async () => {
      nginx?.kill('SIGTERM');
      await Promise.all(upstreams.map((server) => new Promise((resolve) => server.close(resolve))));
      certificates?.remove();
    });

    /** `path` on the public server as `https://localhost:<port>`, trusting `caFile`. */
    const https = (path: string, caFile = certificates.caFile, ...extra: string[]) =>
      curl(
        '--cacert',
        caFile,
        '--resolve',
        `localhost:${ports.https}:127.0.0.1`,
        ...extra,
        `https://localhost:${ports.https}${path}`,
      );

    it('redirects plain HTTP to HTTPS (301), keeping host, path and query, without reaching the API', async () => {
      const before = seen.length;
      const answer = await curl(
        '-H',
        'Host: shop.example',
        `http://127.0.0.1:${ports.http}/api/v1/products?search=tea`,
      );
      expect(answer.status).toBe(301);
      expect(answer.headers.location).toBe('https://shop.example/api/v1/products?search=tea');
      expect(seen.length).toBe(before);
    });

    it('serves the API over TLS with a certificate the test CA verifies, with HSTS, telling the API https', async () => {
      const answer = await https('/api/v1/products');
      expect(answer.exit).toBe(0);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ path: '/api/v1/products' });
      expect(answer.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(seen.at(-1)).toEqual({ path: '/api/v1/products', proto: 'https' });
    });

    it('is refused by a client that trusts another CA (curl exit 60: certificate problem)', async () => {
      expect((await https('/healthz', certificates.otherCaFile)).exit).toBe(60);
    });

    it('answers 404 for /metrics and /docs on the public server, never asking the API', async () => {
      const before = seen.length;
      for (const path of ['/metrics', '/docs', '/docs/', '/docs/json', '/docs/static/index.html']) {
        const answer = await https(path);
        expect({ path, status: answer.status }).toEqual({ path, status: 404 });
        expect(answer.headers['strict-transport-security']).toBeDefined();
      }
      expect(seen.length).toBe(before);
      expect((await https('/docsearch')).status).toBe(200);
    });

    it('serves /metrics and /docs on the host-only server', async () => {
      for (const path of ['/metrics', '/docs']) {
        const answer = await curl(`http://127.0.0.1:${ports.internal}${path}`);
        expect({ path, status: answer.status }).toEqual({ path, status: 200 });
      }
    });
  },
);
