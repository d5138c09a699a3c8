import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { DomainError } from '@bharatmart/core';
import type { Container } from '@bharatmart/runtime';
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { Tokens } from './http/auth.js';
import { installErrorHandler } from './http/error-handler.js';
import { errorSchema } from './http/error-shape.js';
import { installMetrics } from './http/metrics.js';
import { RequestLogController, lazyChildLogger } from './http/request-log.js';
import { installValidators } from './http/validators.js';
import { adminRoutes } from './routes/admin-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { operationsRoutes } from './routes/operations-routes.js';
import { orderRoutes } from './routes/order-routes.js';
import { productRoutes } from './routes/product-routes.js';
import { registerQueueDashboard } from './routes/queue-dashboard.js';
import { addressRoutes } from './routes/address-routes.js';

/** Builds the HTTP API over a composed container; the caller listens and closes. */
export async function buildApp(container: Container): Promise<FastifyInstance> {
  const { http, auth } = container.config;
  const app = Fastify({
    loggerInstance: container.logger as FastifyBaseLogger,
    logController: new RequestLogController(),
    childLoggerFactory: lazyChildLogger,
    trustProxy: http.trustProxy,
    bodyLimit: http.bodyLimitBytes,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  installValidators(app);
  installErrorHandler(app);
  app.addSchema(errorSchema);
  const metrics = installMetrics(app, container);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'BharatMart API',
        version: '1.0.0',
        description: 'E-commerce backend; money in paise (INR).',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new DomainError('RATE_LIMITED', `Too many requests; retry in ${Math.ceil(context.ttl / 1000)} s`),
  });

  const tokens = new Tokens({
    key: container.jwtKey,
    issuer: auth.issuer,
    audience: auth.audience,
    ttlSeconds: auth.tokenTtlSeconds,
  });
  await app.register(operationsRoutes(container, metrics, tokens));
  await app.register(authRoutes(container, tokens), { prefix: '/api/v1/auth' });
  await app.register(productRoutes(container, tokens), { prefix: '/api/v1/products' });
  await app.register(orderRoutes(container, tokens), { prefix: '/api/v1/orders' });
  await app.register(addressRoutes(container, tokens), { prefix: '/api/v1/me/addresses' });
  await app.register(adminRoutes(container, tokens), { prefix: '/api/v1/admin' });
  await registerQueueDashboard(app, container, tokens);

  // Hooks that run on every request are callback-style: an async hook costs a promise per request.
  app.addHook('onResponse', (request, reply, done) => {
    if (request.method !== 'GET' && reply.statusCode < 400) container.relay?.kick();
    done();
  });
  // While shutting down, every response closes its connection, so keep-alive clients (nginx) move
  // to another process instead of holding this one open until their keep-alive timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  return app;
}
