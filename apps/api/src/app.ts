import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { Platform } from '@trialdata/platform';
import { AppModule, type AppModuleOptions } from './app.module';
import { PlatformToken } from './platform';
import { validationPipe } from './http/validation';
import { JsonSafetyPipe } from './http/json-safety.pipe';
import { assertAccessRules } from './auth/access-rules.check';
import { assertQueueQuotas } from './auth/quotas';
import { BODY_LIMIT_TEXT } from './http/problem.filter';
import { noStore, securityHeaders } from './http/headers';

export const API_PREFIX = 'api/v1';

/** Builds the API application (not listening yet): used by main, the tests and the OpenAPI script. */
export async function createApi(options: AppModuleOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  assertAccessRules(app);
  assertQueueQuotas(app);
  app.useBodyParser('json', { limit: BODY_LIMIT_TEXT, strict: true });
  app.disable('x-powered-by');
  // The client address that lock-outs and rate limits count: the socket's, or the proxies' X-Forwarded-For when TRUST_PROXY says so.
  app.set('trust proxy', options.config.trustProxy);
  app.use(securityHeaders(options.config.httpsOnly));
  app.use(noStore);
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(new JsonSafetyPipe(), validationPipe());
  app.enableShutdownHooks();
  app.enableCors({ origin: options.config.publicUrl });
  const webDir = options.config.webDir ?? builtWebDir();
  if (webDir) serveWeb(app, webDir);
  const document = openApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

  // Studies named by definitions get their row (and secret seed) on first start; the first admin
  // comes from ADMIN_EMAIL/ADMIN_PASSWORD when no user exists.
  await app.get<Platform>(PlatformToken).bootstrap(options.config.admin);
  return app;
}

export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('trialdata API')
    .setDescription(
      'Multicentre clinical trials and cohort studies: enrolment, randomisation, case report forms, questionnaires, datasets and models. Errors are RFC 9457 application/problem+json.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config);
}

/**
 * The web app that `npm run build` put beside the compiled API (dist/web, next to dist/apps), or
 * undefined when it is not there (running from source, or built without it): then only WEB_DIR serves one.
 */
function builtWebDir(): string | undefined {
  if (!__filename.endsWith('.js')) return undefined; // the TypeScript sources (tests): WEB_DIR only
  const dir = resolve(__dirname, '..', '..', '..', 'web');
  return existsSync(join(dir, 'index.html')) ? dir : undefined;
}

/**
 * Serves the built web app (patient questionnaire pages at /q/{token}, the coordinator console) from
 * the same origin as the API, so the pages call /api/v1 without CORS. Unknown non-API paths get
 * index.html (client-side routes).
 */
function serveWeb(app: NestExpressApplication, dir: string): void {
  const root = resolve(dir);
  const index = join(root, 'index.html');
  if (!existsSync(index))
    throw new Error(`WEB_DIR ${dir} has no index.html; build it with \`npm run build:web\` (or \`node apps/web/build.mjs\`)`);
  app.useStaticAssets(root, { index: false, fallthrough: true, maxAge: '1h' });
  app.use(
    (
      req: { method: string; path: string },
      res: { sendFile(p: string, o: { cacheControl: boolean; headers: Record<string, string> }): void },
      next: () => void,
    ) => {
      if (req.method !== 'GET' || req.path.startsWith('/api/') || req.path.startsWith('/docs')) return next();
      // Pages (a patient's /q/{token} among them) are never stored by browsers or proxies.
      res.sendFile(index, { cacheControl: false, headers: { 'Cache-Control': 'no-store' } });
    },
  );
}
