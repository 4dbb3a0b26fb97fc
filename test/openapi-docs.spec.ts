import { Body, Controller, Module, Param, Post, type INestApplication } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { ApiOperation, ApiProperty, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';
import { Can, Public } from '../apps/api/src/auth/access';
import { badBodyExamples, missingSummaries, missingWho, undeclaredPathParameters } from './support/openapi-docs';

class GoodDto {
  @ApiProperty({ example: '2026-11-20' }) @Matches(/^\d{4}-\d{2}-\d{2}$/) date: string;
  @ApiProperty({ enum: ['a', 'b'] }) @IsIn(['a', 'b']) kind: string;
}

class BadDto {
  @ApiProperty({ example: '20 November' }) @Matches(/^\d{4}-\d{2}-\d{2}$/) date: string;
  @ApiProperty() @IsString() note: string;
}

@Controller('studies/:study/things')
class ThingsController {
  @Post()
  @ApiOperation({ summary: 'Make a thing' })
  @Can('enrol')
  good(@Body() body: GoodDto) {
    return body;
  }

  @Post('bad')
  @Can('enrol')
  bad(@Body() body: BadDto) {
    return body;
  }
}

@Controller('open')
class OpenController {
  @Post(':token')
  @ApiOperation({ summary: 'Open' })
  @Public()
  open(@Param('token') token: string) {
    return token;
  }
}

@Controller('plain')
class PlainController {
  @Post(':token')
  @ApiOperation({ summary: 'No access rule, no declared parameter' })
  plain() {
    return 1;
  }
}

let app: INestApplication;

beforeAll(async () => {
  @Module({ imports: [DiscoveryModule], controllers: [ThingsController, OpenController, PlainController] })
  class M {}
  app = await NestFactory.create(M, { logger: false });
  app.setGlobalPrefix('api/v1');
  await app.init();
});

afterAll(async () => {
  await app?.close();
});

const doc = () => SwaggerModule.createDocument(app, new DocumentBuilder().build());

describe('the Swagger checks', () => {
  it('name an operation without a summary', () => {
    expect(missingSummaries(doc())).toEqual(['POST /api/v1/studies/{study}/things/bad']);
  });

  it('name an operation that does not say who may call it', () => {
    expect(missingWho(doc())).toEqual(['POST /api/v1/plain/{token}']);
  });

  it('name a path parameter that is not declared ({study} comes with @Can)', () => {
    expect(undeclaredPathParameters(doc())).toEqual(['POST /api/v1/plain/{token}: {token}']);
  });

  it('name a body property without an example and an example the validation refuses', async () => {
    const problems = await badBodyExamples(app, doc(), 'api/v1');
    expect(problems).toHaveLength(2);
    expect(problems[0]).toBe('POST /api/v1/studies/{study}/things/bad: body.note has no example');
    expect(problems[1]).toMatch(
      /^POST \/api\/v1\/studies\/\{study\}\/things\/bad: example assembled from the properties is refused: .*date/,
    );
  });
});
