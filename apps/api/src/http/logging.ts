import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';

/**
 * Request logging with pino. Bodies are never logged; headers that carry secrets are redacted, and
 * so is anything that looks like contact data or a password should a future log line include it.
 */
export function loggerOptions(level: string): Params {
  return {
    // Every route under the global prefix, in path-to-regexp 8 syntax: nestjs-pino 4's default `*` makes
    // Nest warn "Unsupported route path" at every start (4.x is the line that still supports Node 20).
    forRoutes: [{ path: '{/*splat}', method: RequestMethod.ALL }],
    pinoHttp: {
      level,
      genReqId: (req) => (req.headers['x-request-id'] as string) || randomUUID(),
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          '*.password',
          '*.contact',
          '*.email',
          '*.phone',
          'res.headers["set-cookie"]',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url.replace(/\/portal\/[^/?]+/, '/portal/[token]'),
        }),
      },
      autoLogging: { ignore: (req) => req.url === '/api/v1/health' },
    },
  };
}
