import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, HttpCode, Module, Post, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiNoContentResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { contractValidator, declaresNoContent } from './support/response-contract';

/**
 * The response-contract check (test/support/response-contract.ts) on a small app whose document
 * @nestjs/swagger writes as it writes the API's: it must refuse a body that does not match its DTO.
 */

class StopDto {
  @ApiProperty() stoppedOn: string;
}

class ThingDto {
  @ApiProperty() id: string;
  @ApiProperty() count: number;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ enum: ['open', 'done'] }) state: string;
  @ApiProperty({ nullable: true, enum: ['a', 'b'] }) letter: string | null;
  @ApiProperty({ type: () => StopDto, nullable: true }) stop: StopDto | null;
  @ApiPropertyOptional() extra?: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } }) counts: Record<string, number>;
}

@Controller('things')
class ThingsController {
  @Get()
  @ApiOkResponse({ type: [ThingDto] })
  list() {
    return [];
  }

  @Post('done')
  @HttpCode(204)
  @ApiNoContentResponse()
  done() {}

  @Get('untyped')
  @ApiOkResponse({ description: '[{id}]' })
  untyped() {
    return [];
  }
}

let app: INestApplication;
let check: ReturnType<typeof contractValidator>;
const good = {
  id: 'x',
  count: 2,
  note: null,
  state: 'open',
  letter: null,
  stop: { stoppedOn: '2026-11-20' },
  counts: { a: 1 },
};

beforeAll(async () => {
  @Module({ controllers: [ThingsController] })
  class M {}
  app = await NestFactory.create(M, { logger: false });
  app.setGlobalPrefix('api/v1');
  await app.init();
  check = contractValidator(SwaggerModule.createDocument(app, new DocumentBuilder().build()));
});

afterAll(async () => {
  await app?.close();
});

const errors = (body: unknown) => check('GET', '/api/v1/things', 200, body)?.errors ?? [];

describe('the response contract check', () => {
  it('accepts a body that matches its DTO, nulls where nullable, optional keys absent or present', () => {
    expect(errors([good, { ...good, note: 'n', letter: 'b', stop: null, extra: 'e' }])).toEqual([]);
  });

  it('refuses a string where the DTO says number, and a value outside an enum', () => {
    expect(errors([{ ...good, count: '2' }])).toEqual(['/0/count should be number']);
    expect(errors([{ ...good, state: 'closed' }])).toEqual(['/0/state should be equal to one of the allowed values']);
  });

  it('refuses null where the DTO is not nullable, and a missing required key', () => {
    expect(errors([{ ...good, id: null }])).toEqual(['/0/id should be string']);
    const { count: _count, ...withoutCount } = good;
    expect(errors([withoutCount])).toEqual(["/0 should have required property 'count'"]);
  });

  it('checks nested DTOs, nullable ones included', () => {
    expect(errors([{ ...good, stop: { stoppedOn: 3 } }])).toContain('/0/stop/stoppedOn should be string');
    expect(errors([{ ...good, stop: 'no' }]).length).toBeGreaterThan(0);
    expect(errors([{ ...good, counts: { a: 'one' } }])).toEqual(['/0/counts/a should be number']);
  });

  it('refuses a key the DTO does not document', () => {
    expect(errors([{ ...good, secret: 1 }])).toEqual(['/0 should NOT have additional properties (secret)']);
  });

  it('names an operation without a response schema, and sees a declared 204 without content', () => {
    expect(check('GET', '/api/v1/things/untyped', 200, [])?.errors).toEqual(['no JSON response schema declared for this status']);
    expect(declaresNoContent(SwaggerModule.createDocument(app, new DocumentBuilder().build()), 'POST', '/api/v1/things/done', 204)).toBe(
      true,
    );
  });
});

describe('DTO class names', () => {
  it('are unique in apps/api/src (the document names a schema by its class: a second class of a name would take the first one’s schema)', () => {
    const names = new Map<string, string[]>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
          for (const [, name] of readFileSync(path, 'utf8').matchAll(/^(?:export )?class (\w+)/gm))
            names.set(name, [...(names.get(name) ?? []), path]);
      }
    };
    walk(join(__dirname, '..', 'apps', 'api', 'src'));
    expect(names.size).toBeGreaterThan(50);
    expect([...names].filter(([, paths]) => paths.length > 1)).toEqual([]);
  });
});
