import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NGINX = fileURLToPath(new URL('../../nginx/', import.meta.url));

/**
 * A throwaway nginx prefix whose nginx.conf includes `site`, with `snippets` (name → text) in its
 * `snippets/` directory, where the shipped site's relative `include snippets/…` finds them.
 */
export function nginxPrefix(site: string, snippets: Record<string, string> = {}): string {
  const prefix = mkdtempSync(join(tmpdir(), 'bharatmart-nginx-'));
  mkdirSync(join(prefix, 'logs'));
  mkdirSync(join(prefix, 'snippets'));
  writeFileSync(join(prefix, 'site.conf'), site);
  for (const [name, text] of Object.entries(snippets)) writeFileSync(join(prefix, 'snippets', name), text);
  writeFileSync(
    join(prefix, 'nginx.conf'),
    `pid ${prefix}/nginx.pid;\nerror_log ${prefix}/logs/error.log warn;\nevents { worker_connections 1024; }\nhttp {\n  access_log off;\n  client_body_temp_path ${prefix}/body;\n  proxy_temp_path ${prefix}/proxy;\n  include ${prefix}/site.conf;\n}\n`,
  );
  return prefix;
}

/** Where the shipped site listens and proxies to, for a test. */
export interface ShippedSitePorts {
  /** The redirecting server (80 when shipped). */
  http: number;
  /** The public TLS server (443). */
  https: number;
  /** The host-only server (127.0.0.1:8080). */
  internal: number;
  /** The two API processes (3001, 3002). */
  apis: [number, number];
}

/**
 * A prefix with deployment/nginx/bharatmart.conf and its snippets as shipped, but for the ports and
 * the certificate paths: every server on 127.0.0.1, the TLS snippet naming `certificate`.
 */
export function shippedSitePrefix(
  ports: ShippedSitePorts,
  certificate: { certFile: string; keyFile: string },
): string {
  const site = readFileSync(join(NGINX, 'bharatmart.conf'), 'utf8')
    .replace(/listen 80;\n\s*listen \[::\]:80;/, `listen 127.0.0.1:${ports.http};`)
    .replace(
      /listen 443 ssl http2;\n\s*listen \[::\]:443 ssl http2;/,
      `listen 127.0.0.1:${ports.https} ssl http2;`,
    )
    .replace('listen 127.0.0.1:8080;', `listen 127.0.0.1:${ports.internal};`)
    .replace('server 127.0.0.1:3001', `server 127.0.0.1:${ports.apis[0]}`)
    .replace('server 127.0.0.1:3002', `server 127.0.0.1:${ports.apis[1]}`);
  const tls = readFileSync(join(NGINX, 'snippets/bharatmart-tls.conf'), 'utf8')
    .replace('/etc/bharatmart/tls/fullchain.pem', certificate.certFile)
    .replace('/etc/bharatmart/tls/privkey.pem', certificate.keyFile);
  return nginxPrefix(site, {
    'bharatmart-tls.conf': tls,
    'bharatmart-proxy.conf': readFileSync(join(NGINX, 'snippets/bharatmart-proxy.conf'), 'utf8'),
  });
}
