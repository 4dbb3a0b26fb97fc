import { score } from '../registry';
import { inputErrors } from './test-support';

describe('HCU', () => {
  it('has no scores, however it is answered', () => {
    const answers = { analgesics: [1, 3], injections: 1, surgery: 1, surgeryDate: '2024-05-02', physio: 6, workAbsence: 10 };
    expect(score('HCU', answers)).toEqual({ scores: {}, reasons: {} });
    expect(score('HCU', {})).toEqual({ scores: {}, reasons: {} });
  });

  it('validates the answers even so', () => {
    expect(inputErrors(() => score('HCU', { analgesics: [0, 1], physio: -1, surgery: 2 })).map((e) => e.field)).toEqual([
      'analgesics',
      'physio',
      'surgery',
    ]);
  });

  it('takes a surgery date only when surgery is yes', () => {
    expect(inputErrors(() => score('HCU', { surgery: 0, surgeryDate: '2024-05-02' }))[0].field).toBe('surgeryDate');
  });
});
