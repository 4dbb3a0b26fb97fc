import { deriveOutcomes, InstrumentInputError } from '.';

describe('deriveOutcomes', () => {
  it('computes change, percentage change, responder50 and recovered', () => {
    expect(deriveOutcomes({ baselineNrsLeg: 8, followUpNrsLeg: 4, gpeCode: 2 })).toEqual({
      nrsLegChange: -4,
      nrsLegPercentChange: -50,
      responder50: true,
      recovered: true,
      reasons: {},
    });
  });

  it('counts exactly 50% reduction as a responder and less as not', () => {
    expect(deriveOutcomes({ baselineNrsLeg: 7, followUpNrsLeg: 3 })).toMatchObject({ nrsLegPercentChange: -57.1, responder50: true });
    expect(deriveOutcomes({ baselineNrsLeg: 8, followUpNrsLeg: 5 })).toMatchObject({ nrsLegPercentChange: -37.5, responder50: false });
    expect(deriveOutcomes({ baselineNrsLeg: 7, followUpNrsLeg: 4 })).toMatchObject({ nrsLegPercentChange: -42.9, responder50: false });
    expect(deriveOutcomes({ baselineNrsLeg: 2, followUpNrsLeg: 1 })).toMatchObject({ nrsLegPercentChange: -50, responder50: true });
  });

  it('rounds the percentage half up to 1 decimal', () => {
    // 3 → 2: −33.333… → −33.3; 6 → 5: −16.666… → −16.7; 3 → 1: −66.666… → −66.7; 6 → 7: +16.666… → 16.7
    expect(deriveOutcomes({ baselineNrsLeg: 3, followUpNrsLeg: 2 }).nrsLegPercentChange).toBe(-33.3);
    expect(deriveOutcomes({ baselineNrsLeg: 6, followUpNrsLeg: 5 }).nrsLegPercentChange).toBe(-16.7);
    expect(deriveOutcomes({ baselineNrsLeg: 3, followUpNrsLeg: 1 }).nrsLegPercentChange).toBe(-66.7);
    expect(deriveOutcomes({ baselineNrsLeg: 6, followUpNrsLeg: 7 }).nrsLegPercentChange).toBe(16.7);
  });

  it('reports worsening as a positive change and not a responder', () => {
    expect(deriveOutcomes({ baselineNrsLeg: 4, followUpNrsLeg: 6, gpeCode: 6 })).toMatchObject({
      nrsLegChange: 2,
      nrsLegPercentChange: 50,
      responder50: false,
      recovered: false,
    });
  });

  it('leaves the percentage and responder null with a reason when baseline is 0', () => {
    const result = deriveOutcomes({ baselineNrsLeg: 0, followUpNrsLeg: 0, gpeCode: 1 });
    expect(result).toMatchObject({ nrsLegChange: 0, nrsLegPercentChange: null, responder50: null, recovered: true });
    expect(result.reasons).toEqual({
      nrsLegPercentChange: 'baseline NRS leg pain is 0, so a percentage change is undefined',
      responder50: 'baseline NRS leg pain is 0, so a percentage change is undefined',
    });
  });

  it('leaves the NRS outcomes null with a reason when a score is missing', () => {
    const result = deriveOutcomes({ baselineNrsLeg: 7, followUpNrsLeg: null, gpeCode: 3 });
    expect(result).toMatchObject({ nrsLegChange: null, nrsLegPercentChange: null, responder50: null, recovered: false });
    expect(result.reasons.nrsLegChange).toBe('follow-up NRS leg pain is missing');
    expect(deriveOutcomes({}).reasons).toEqual({
      nrsLegChange: 'baseline NRS leg pain is missing; follow-up NRS leg pain is missing',
      nrsLegPercentChange: 'baseline NRS leg pain is missing; follow-up NRS leg pain is missing',
      responder50: 'baseline NRS leg pain is missing; follow-up NRS leg pain is missing',
      recovered: 'GPE is missing',
    });
  });

  it('refuses values that are not an NRS (0–10) or a GPE code (1–7)', () => {
    expect(() => deriveOutcomes({ baselineNrsLeg: 11, followUpNrsLeg: 2 })).toThrow(InstrumentInputError);
    expect(() => deriveOutcomes({ baselineNrsLeg: 5.5, followUpNrsLeg: 2 })).toThrow(InstrumentInputError);
    expect(() => deriveOutcomes({ gpeCode: 0 })).toThrow(InstrumentInputError);
  });
});
