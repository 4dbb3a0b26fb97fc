import { resolveStudyAccess, type Actor } from './access';

const actor = (memberships: Actor['memberships'], isAdmin = false): Actor => ({ userId: 'u', email: 'u@x.nl', isAdmin, memberships });
const m = (studyCode: string, role: string, siteId: string | null) => ({ studyCode, role, siteId, siteCode: siteId });

describe('resolveStudyAccess', () => {
  it('gives a platform admin every site', () => {
    expect(resolveStudyAccess(actor([], true), 'TEIAS', ['coordinator'])).toEqual({ studyCode: 'TEIAS', roles: ['admin'], siteIds: null });
  });

  it('binds a site coordinator to their site', () => {
    expect(resolveStudyAccess(actor([m('TEIAS', 'coordinator', 'A')]), 'TEIAS', ['coordinator'])?.siteIds).toEqual(['A']);
  });

  it('refuses a role the route does not allow', () => {
    expect(resolveStudyAccess(actor([m('TEIAS', 'statistician', null)]), 'TEIAS', ['coordinator'])).toBeNull();
  });

  it('does not carry a membership over to another study', () => {
    expect(resolveStudyAccess(actor([m('POTEISS', 'coordinator', null)]), 'TEIAS', ['coordinator'])).toBeNull();
  });

  it('lets one unbound allowed membership reach every site', () => {
    const a = actor([m('TEIAS', 'coordinator', 'A'), m('TEIAS', 'monitor', null)]);
    expect(resolveStudyAccess(a, 'TEIAS', ['coordinator', 'monitor'])?.siteIds).toBeNull();
    expect(resolveStudyAccess(a, 'TEIAS', ['coordinator'])?.siteIds).toEqual(['A']);
  });
});
