/** Prometheus metrics of one gateway process. */
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  middleware: RequestHandler;
  handler: RequestHandler;
}

export function createMetrics(org: string): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ org });
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'pa_gateway_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'pa_gateway_request_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return {
    registry,
    middleware: (req, res, next) => {
      const stop = latency.startTimer();
      res.on('finish', () => {
        // The route pattern, not the raw path, keeps label cardinality bounded.
        const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
        requests.inc({ method: req.method, route, status: res.statusCode });
        stop({ method: req.method, route });
      });
      next();
    },
    handler: async (_req, res) => {
      res.type(registry.contentType).send(await registry.metrics());
    },
  };
}
