import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup } from '../core/cleanup.js';
import { freePort } from '../core/free-port.js';

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/**
 * Starts nginx in the foreground with a throwaway prefix (as deployment/test does), one worker
 * process (`pid` is the master's; `errors()` is the end of its error log), proxying to `upstreams` (`http://127.0.0.1:port`) with keep-alive. Stopped at cleanup.
 * Client connections are kept for 1,000,000 requests instead of nginx's default 1,000: autocannon
 * mis-times the requests around a connection nginx closes, reporting 1.4 ms at p50 for nginx's own
 * `return 200` at one connection while serving 18,000 of them a second (38 µs with the limit raised).
 */
export async function startNginx(
  upstreams: string[],
): Promise<{ baseUrl: string; pid: number; errors: () => string; stop: () => Promise<void> }> {
  const prefix = mkdtempSync(join(tmpdir(), 'bharatmart-bench-nginx-'));
  mkdirSync(join(prefix, 'logs'));
  const port = await freePort();
  const servers = upstreams.map((url) => `    server ${url.replace('http://', '')};`).join('\n');
  writeFileSync(
    join(prefix, 'nginx.conf'),
    `worker_processes 1;\npid ${prefix}/nginx.pid;\nerror_log stderr warn;\nevents { worker_connections 1024; }\nhttp {\n  access_log off;\n  keepalive_requests 1000000;\n  client_body_temp_path ${prefix}/body;\n  proxy_temp_path ${prefix}/proxy;\n  fastcgi_temp_path ${prefix}/fastcgi;\n  uwsgi_temp_path ${prefix}/uwsgi;\n  scgi_temp_path ${prefix}/scgi;\n  upstream api {\n${servers}\n    keepalive 64;\n  }\n  server {\n    listen 127.0.0.1:${port};\n    location / {\n      proxy_pass http://api;\n      proxy_http_version 1.1;\n      proxy_set_header Connection "";\n      proxy_set_header Host $host;\n      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n    }\n  }\n}\n`,
  );
  const child = spawn('nginx', ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
  // A missing binary is an 'error' event and no 'exit': without a listener it would end the whole run.
  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      spawnError = error;
      resolve();
    });
  });
  const stop = onCleanup(`nginx (pid ${child.pid})`, async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    rmSync(prefix, { recursive: true, force: true });
  });
  for (let i = 0; i < 50 && !spawnError; i++) {
    if (await accepts(port)) {
      return { baseUrl: `http://127.0.0.1:${port}`, pid: child.pid ?? 0, errors: () => errors, stop };
    }
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  if ((spawnError as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error('nginx is not installed (install it with `apt-get install -y nginx`; .ci/run does)');
  }
  throw new Error(`nginx did not start: ${spawnError?.message ?? errors}`);
}
