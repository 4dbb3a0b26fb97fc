import { Controller, Get, Module } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { Public } from './access';
import { assertAccessRules } from './access-rules.check';

@Controller('open')
class DeclaredController {
  @Get()
  @Public()
  ok() {
    return 1;
  }
}

@Controller('forgot')
class ForgetfulController {
  @Get()
  oops() {
    return 1;
  }
}

async function appWith(controllers: unknown[]) {
  @Module({ imports: [DiscoveryModule], controllers: controllers as never[] })
  class M {}
  return NestFactory.create(M, { logger: false });
}

describe('assertAccessRules', () => {
  it('accepts routes that declare an access rule', async () => {
    const app = await appWith([DeclaredController]);
    expect(() => assertAccessRules(app)).not.toThrow();
    await app.close();
  });

  it('refuses to boot when a route declares none, naming it', async () => {
    const app = await appWith([DeclaredController, ForgetfulController]);
    expect(() => assertAccessRules(app)).toThrow('Routes without an access rule: ForgetfulController.oops');
    await app.close();
  });
});
