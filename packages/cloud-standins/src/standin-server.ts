import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** What every stand-in hands back once it listens. */
export interface RunningStandin {
  /** Base URL of the stand-in on the loopback interface, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly url: string;
  /**
   * What the stand-in saw, oldest first: one entry per request, with the outcome of its
   * authentication check. Never holds a secret value or a credential.
   */
  readonly requests: readonly SeenRequest[];
  /** Stops listening and drops open connections. Safe to call more than once. */
  stop(): Promise<void>;
}

/** One request as a stand-in saw it. */
export interface SeenRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  /** `missing`: no credential at all; `rejected`: a credential that failed the check; `accepted`. */
  auth: 'missing' | 'rejected' | 'accepted';
  /** OCI stand-ins, once accepted: `user` (API key) or the security token's principal type. */
  principal?: string;
}

/** One version of a secret held by a stand-in. */
export interface StoredVersion {
  /** A string, or bytes for services that hold binary secrets. */
  value: string | Uint8Array;
  /** 1 for the first value put under a name, then 2, 3, … */
  number: number;
  /** A random id, as services that name versions by id expect (hex, 32 characters). */
  id: string;
  createdAt: Date;
}

/**
 * The in-memory state of a stand-in: names mapped to their versions, newest last. Putting a value
 * under an existing name adds a version (rotation); the newest is the current one.
 */
export class VersionedSecrets {
  private readonly byName = new Map<string, StoredVersion[]>();

  /** Adds `value` as the new current version of `name` and returns that version. */
  put(name: string, value: string | Uint8Array): StoredVersion {
    const versions = this.byName.get(name) ?? [];
    const version = {
      value,
      number: versions.length + 1,
      id: randomUUID().replaceAll('-', ''),
      createdAt: new Date(),
    };
    versions.push(version);
    this.byName.set(name, versions);
    return version;
  }

  /** Forgets `name` with all its versions. */
  delete(name: string): void {
    this.byName.delete(name);
  }

  /** Every version of `name`, oldest first; empty when the name is not held. */
  versions(name: string): readonly StoredVersion[] {
    return this.byName.get(name) ?? [];
  }

  /** The current (newest) version of `name`. */
  current(name: string): StoredVersion | undefined {
    return this.versions(name).at(-1);
  }
}

/**
 * A Fastify app for a stand-in: no logging, and every request body kept as the raw bytes (services
 * sign or hash the exact body, and an empty POST body must not be rejected by a JSON parser).
 */
export function createStandinApp(https?: { key: string; cert: string }): FastifyInstance {
  const app = https
    ? Fastify({ logger: false, https, forceCloseConnections: true })
    : Fastify({ logger: false, forceCloseConnections: true });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  return app;
}

/** The raw body of `request`; an empty buffer when it had none. */
export function rawBody(request: FastifyRequest): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

/** Listens on 127.0.0.1 on a free port and returns the running stand-in's common part. */
export async function listen(
  app: FastifyInstance,
  protocol: 'http' | 'https',
  requests: readonly SeenRequest[],
): Promise<RunningStandin> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('stand-in: no TCP address');
  let stopped: Promise<void> | undefined;
  return {
    url: `${protocol}://127.0.0.1:${address.port}`,
    requests,
    stop: () => (stopped ??= app.close()),
  };
}
