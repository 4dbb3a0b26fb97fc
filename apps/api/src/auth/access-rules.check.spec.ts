import { randomBytes } from 'node:crypto';
import { Controller, Get, Module, SetMetadata, type DynamicModule, type Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import type { Actor, Role } from '@trialdata/accounts';
import { loadConfig } from '@trialdata/config';
import { DATASET_READERS, LOCKERS } from '@trialdata/datasets';
import { STUDY_DEFINITIONS, loadStudies } from '@trialdata/protocol';
import { AppModule } from '../app.module';
import { MODEL_ROLES } from '../models/models.service';
import { ACCESS_RULE, Can, Public, ruleFor } from './access';
import { accessRuleProblems, assertAccessRules, routesOf } from './access-rules.check';
import { ACTIONS, PERMISSIONS, permissionsOf } from './permissions';

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

@Controller('studies/:study/own-list')
class OwnRolesController {
  @Get()
  @SetMetadata(ACCESS_RULE, { kind: 'study', roles: ['admin', 'coordinator'] })
  listed() {
    return 1;
  }

  @Get('wider')
  // Names a table action but admits more roles than the table gives it.
  @SetMetadata(ACCESS_RULE, { kind: 'study', action: 'lock_study', roles: ['admin', 'data_manager', 'monitor'], wholeStudy: true })
  widened() {
    return 1;
  }

  @Get('tabled')
  @Can('lock_study')
  tabled() {
    return 1;
  }
}

async function appWith(controllers: unknown[]) {
  @Module({ imports: [DiscoveryModule], controllers: controllers as never[] })
  class M {}
  return NestFactory.create(M, { logger: false });
}

/** Every controller the API mounts, read from its module tree (nothing connects). */
function apiControllers(): Type[] {
  const root = AppModule.forRoot({
    config: loadConfig({
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      JWT_SECRET: randomBytes(24).toString('hex'),
      DATA_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'silent',
    }),
    studies: loadStudies(STUDY_DEFINITIONS),
  });
  const found = new Set<Type>();
  const seen = new Set<unknown>();
  const walk = (m: unknown): void => {
    if (!m || seen.has(m)) return;
    seen.add(m);
    const dynamic = typeof m === 'object' ? (m as DynamicModule) : undefined;
    const cls = (dynamic?.module ?? m) as Type;
    const controllers = [...(dynamic?.controllers ?? []), ...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, cls) as Type[]) ?? [])];
    for (const c of controllers) found.add(c);
    for (const i of [...(dynamic?.imports ?? []), ...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, cls) as unknown[]) ?? [])]) walk(i);
  };
  walk(root);
  return [...found];
}

const sameSet = (a: readonly string[], b: readonly string[]) => expect([...a].sort()).toEqual([...b].sort());

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

  it('refuses to boot when a study rule lists its own roles instead of the permission table’s', async () => {
    const app = await appWith([OwnRolesController]);
    expect(() => assertAccessRules(app)).toThrow(
      'Access rules whose roles do not come from the permission table (use @Can(action)): OwnRolesController.listed (no action), OwnRolesController.widened (action lock_study)',
    );
    await app.close();
  });
});

describe('the permission table', () => {
  const routes = routesOf(apiControllers());

  it('gives every study, participant, dataset and model route of the API its roles', () => {
    expect(routes.length).toBeGreaterThan(60);
    expect(accessRuleProblems(apiControllers())).toEqual({ missing: [], misplaced: [], offTable: [] });
    for (const { name, rule } of routes) {
      if (!rule || rule.kind === 'public' || rule.kind === 'authenticated' || rule.kind === 'admin') continue;
      const row = PERMISSIONS[rule.action];
      expect({ name, roles: [...rule.roles] }).toEqual({ name, roles: [...row.roles] });
    }
  });

  it('has no action that no route uses', () => {
    const used = new Set(routes.map((r) => (r.rule && 'action' in r.rule ? r.rule.action : undefined)));
    expect(ACTIONS.filter((a) => !used.has(a))).toEqual([]);
  });

  it('keeps the roles of the routes as they were (who may enrol, randomise, enter, verify, sign, lock, export, fit)', () => {
    sameSet(PERMISSIONS.enrol.roles, ['admin', 'coordinator', 'investigator']);
    sameSet(PERMISSIONS.randomise.roles, ['admin', 'coordinator', 'investigator']);
    sameSet(PERMISSIONS.enter_data.roles, ['admin', 'coordinator', 'investigator']);
    sameSet(PERMISSIONS.verify_source.roles, ['admin', 'monitor']);
    sameSet(PERMISSIONS.sign.roles, ['admin', 'investigator']);
    sameSet(PERMISSIONS.lock_forms.roles, ['admin', 'data_manager']);
    sameSet(PERMISSIONS.lock_study.roles, ['admin', 'data_manager']);
    sameSet(PERMISSIONS.unlock_study.roles, ['admin']);
    sameSet(PERMISSIONS.export_datasets.roles, ['admin', 'data_manager', 'statistician']);
    sameSet(PERMISSIONS.fit_models.roles, ['admin', 'data_manager', 'statistician']);
    sameSet(PERMISSIONS.view_records.roles, ['admin', 'data_manager', 'coordinator', 'investigator', 'monitor']);
  });

  it('agrees with the role checks the dataset and model services repeat', () => {
    sameSet(LOCKERS, PERMISSIONS.lock_study.roles);
    sameSet(LOCKERS, PERMISSIONS.rebuild_datasets.roles);
    sameSet(DATASET_READERS, PERMISSIONS.export_datasets.roles);
    sameSet(MODEL_ROLES, PERMISSIONS.fit_models.roles);
  });

  it('refuses a whole-study action on one participant, and a site-level action on a dataset', () => {
    expect(() => ruleFor('lock_study', 'participant')).toThrow('whole-study action');
    expect(() => ruleFor('enrol', 'dataset')).toThrow('needs a whole-study action');
  });

  it('reports to GET /me what the same rules admit: a site-bound coordinator may enrol but not export', () => {
    const actor = (memberships: { role: Role; siteId: string | null }[]): Actor =>
      ({
        userId: 'u',
        email: 'u@x',
        isAdmin: false,
        memberships: memberships.map((m) => ({ studyCode: 'TEIAS', role: m.role, siteId: m.siteId, siteCode: m.siteId ? 'LUMC' : null })),
      }) as unknown as Actor;
    const coordinator = permissionsOf(actor([{ role: 'coordinator', siteId: 's1' }]), ['TEIAS']).TEIAS;
    expect(coordinator).toEqual(expect.arrayContaining(['enrol', 'randomise', 'enter_data', 'view_records']));
    expect(coordinator).not.toContain('export_datasets');
    // A data manager bound to a site may lock forms there, but not lock the study (whole-study).
    const boundDm = permissionsOf(actor([{ role: 'data_manager', siteId: 's1' }]), ['TEIAS']).TEIAS;
    expect(boundDm).toContain('lock_forms');
    expect(boundDm).not.toContain('lock_study');
    const dm = permissionsOf(actor([{ role: 'data_manager', siteId: null }]), ['TEIAS']).TEIAS;
    expect(dm).toEqual(expect.arrayContaining(['lock_study', 'export_datasets', 'fit_models', 'set_sdv_plan']));
    expect(dm).not.toContain('enrol');
  });
});
