import type { FastifyReply } from 'fastify';

/** The content type Fastify gives the JSON it serialises. */
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * The route's own serialiser for `status` (compiled from its response schema), to render a value
 * once as the exact text the route would send; JSON.stringify if the route has no schema for it.
 */
export function responseRenderer<T>(reply: FastifyReply, status = '200'): (value: T) => string {
  const serialize = reply.getSerializationFunction(status) as ((value: T) => string) | undefined;
  return serialize ?? ((value: T) => JSON.stringify(value));
}

/**
 * Sends text rendered by `responseRenderer` (e.g. read from the cache) as it is: Fastify passes a
 * string with a JSON content type through without serialising it again.
 */
export function sendRendered(reply: FastifyReply, json: string): FastifyReply {
  return reply.type(JSON_TYPE).send(json);
}
