import type { RandomisationFactor } from '@trialdata/protocol';
import { RandomisationInputError, participantLevels, stratumKey } from './index';

const factorDefs: RandomisationFactor[] = [
  { id: 'symptomDuration', label: 'Symptom duration', options: ['<6w', '>=6w'] },
  { id: 'level', label: 'Affected level', options: ['L3', 'L4', 'L5', 'S1'] },
];

describe('stratumKey', () => {
  it('orders factors as the definition does, not as the object does', () => {
    expect(stratumKey('LUMC', { level: 'L5', symptomDuration: '<6w' }, factorDefs)).toBe('LUMC|symptomDuration=<6w|level=L5');
    expect(stratumKey('LUMC', { symptomDuration: '>=6w' }, factorDefs.slice(0, 1))).toBe('LUMC|symptomDuration=>=6w');
  });

  it('stratumKey refuses an unknown option and names the factor', () => {
    const call = () => stratumKey('LUMC', { symptomDuration: '6-8w', level: 'L5' }, factorDefs);
    expect(call).toThrow(RandomisationInputError);
    expect(call).toThrow(/"symptomDuration".*"6-8w".*"<6w", ">=6w"/);
  });

  it('refuses a missing factor, an unknown factor and an empty or ambiguous site', () => {
    expect(() => stratumKey('LUMC', { level: 'L5' }, factorDefs)).toThrow(/"symptomDuration".*missing.*"<6w", ">=6w"/);
    expect(() => stratumKey('LUMC', { symptomDuration: '<6w', level: 'L5', sex: 'F' }, factorDefs)).toThrow(/Unknown.*"sex"/);
    expect(() => stratumKey('', { symptomDuration: '<6w', level: 'L5' }, factorDefs)).toThrow(RandomisationInputError);
    expect(() => stratumKey('A|B', { symptomDuration: '<6w', level: 'L5' }, factorDefs)).toThrow(RandomisationInputError);
  });

  it('gives minimisation the levels with the site included', () => {
    expect(participantLevels('HMC', { level: 'S1', symptomDuration: '<6w' }, factorDefs)).toEqual({
      site: 'HMC',
      symptomDuration: '<6w',
      level: 'S1',
    });
  });
});
