import { saeDeadline } from './deadlines';

describe('saeDeadline', () => {
  it('gives fatal or life-threatening SAEs 7 days and others 15, from the day the investigator learned of it', () => {
    expect(saeDeadline({ sae_crit: [2], learned: '2026-11-10', onset: '2026-11-08' }, '2026-11-11', '2026-11-12')).toMatchObject({
      category: 'fatal_or_life_threatening',
      days: 7,
      deadline: '2026-11-17',
      state: 'due',
    });
    expect(saeDeadline({ sae_crit: [3], learned: '2026-11-10' }, '2026-11-11', '2026-11-26')).toMatchObject({
      days: 15,
      deadline: '2026-11-25',
      state: 'overdue',
    });
    expect(saeDeadline({ sae_crit: [3], outcome: 5, onset: '2026-11-10' }, '2026-11-11', '2026-11-12').days).toBe(7);
  });

  it('is reported once the ethics committee date is in, late when after the deadline', () => {
    expect(saeDeadline({ sae_crit: [1], learned: '2026-11-10', ec_reported: '2026-11-17' }, '2026-11-10', '2027-01-01').state).toBe(
      'reported',
    );
    expect(saeDeadline({ sae_crit: [1], learned: '2026-11-10', ec_reported: '2026-11-18' }, '2026-11-10', '2027-01-01').state).toBe(
      'reported_late',
    );
  });
});
