import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Response } from 'express';
import type Redis from 'ioredis';
import { Database } from '@trialdata/database';
import { Public } from '../auth/access';
import { RedisToken } from '../tokens';

/** GET /health: `{status, db, redis}` as API.md fixes it; terminus runs the checks. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly db: Database,
    @Inject(RedisToken) private readonly redis: Redis,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Health of the API, its database and Redis (anyone)' })
  @Public()
  @ApiOkResponse({ schema: { example: { status: 'ok', db: 'up', redis: 'up' } } })
  @ApiServiceUnavailableResponse({ schema: { example: { status: 'error', db: 'down', redis: 'up' } } })
  async check(@Res() res: Response): Promise<void> {
    const probe = (key: 'db' | 'redis', fn: () => Promise<unknown>) => async () => {
      const i = this.indicator.check(key);
      try {
        await withTimeout(fn(), 2000);
        return i.up();
      } catch (e) {
        return i.down({ message: (e as Error).message });
      }
    };
    const result = await this.health
      .check([probe('db', () => this.db.ping()), probe('redis', () => this.redis.ping())])
      .catch((e: { response?: { details?: Record<string, { status: string }> } }) => ({
        status: 'error',
        details: e.response?.details ?? {},
      }));
    const state = (k: string) => (result.details?.[k]?.status === 'up' ? 'up' : 'down');
    const body = { status: result.status === 'ok' ? 'ok' : 'error', db: state('db'), redis: state('redis') };
    res.status(body.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}
