import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { DomainError } from '@bharatmart/core';
import { createProcessMetrics } from '@bharatmart/runtime';
import type { Container } from '@bharatmart/runtime';
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { Tokens } from './http/auth.js';
import { installErrorHandler } from './http/error-handler.js';
import { errorSchema } from './http/error-shape.js';
import { installHttpMetrics } from './http/metrics.js';
import { TAGS, installOpenApiConventions } from './http/openapi.js';
import { RequestLogController, lazyChildLogger } from './http/request-log.js';
import { resourceSchemas } from './http/schemas.js';
import { installValidators } from './http/validators.js';
import { adminRoutes } from './routes/admin-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { operationsRoutes } from './routes/operations-routes.js';
import { checkoutPage } from './routes/checkout-page.js';
import { orderRoutes } from './routes/order-routes.js';
import { paymentRoutes } from './routes/payment-routes.js';
import { productRoutes } from './routes/product-routes.js';
import { registerQueueDashboard } from './routes/queue-dashboard.js';
import { webhookRoutes } from './routes/webhook-routes.js';
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
    // The document names collections without a trailing slash (/api/v1/products); a client that
    // adds one still reaches the same route.
    routerOptions: { ignoreTrailingSlash: true },
  });
  installValidators(app);
  installErrorHandler(app);
  app.addSchema(errorSchema);
  for (const schema of resourceSchemas) app.addSchema(schema);
  const metrics = createProcessMetrics(container);
  installHttpMetrics(app, metrics);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'BharatMart API',
        version: '1.0.0',
        description:
          'E-commerce backend; money in paise (INR). Authentication, idempotency, pagination, errors and ' +
          'rate limits: docs/api.md in the repository.',
      },
      // Relative: the API is served from the host that serves this document.
      servers: [{ url: '/', description: 'The host serving this document' }],
      tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
    // Shared schemas become components named by their $id (Error, Product, …), not def-0, def-1.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
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
  // The routes of the OpenAPI document, each held to its conventions (http/openapi.ts).
  await app.register(async (api) => {
    installOpenApiConventions(api);
    await api.register(operationsRoutes(container, metrics, tokens));
    await api.register(authRoutes(container, tokens), { prefix: '/api/v1/auth' });
    await api.register(productRoutes(container, tokens), { prefix: '/api/v1/products' });
    await api.register(orderRoutes(container, tokens), { prefix: '/api/v1/orders' });
    await api.register(paymentRoutes(container, tokens), { prefix: '/api/v1/orders' });
    await api.register(webhookRoutes(container), { prefix: '/api/v1/webhooks' });
    await api.register(addressRoutes(container, tokens), { prefix: '/api/v1/me/addresses' });
    await api.register(adminRoutes(container, tokens), { prefix: '/api/v1/admin' });
  });
  // A development page, not an operation: hidden from the document.
  if (container.config.env !== 'production' && container.checkout.enabled) {
    await app.register(checkoutPage());
  }
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
