import { renderCasebook, type CasebookData } from './casebook';

const data: CasebookData = {
  study: { code: 'TEIAS', title: 'Transforaminal Epidural Injection in Acute Sciatica' },
  participant: {
    label: 'TEIAS-LUMC-0001',
    siteCode: 'LUMC',
    status: 'randomised',
    arm: 'TEI',
    cohort: null,
    enrolledAt: '2026-11-20T10:00:00.000Z',
    anchorDate: '2026-11-21',
  },
  generatedAt: '2026-11-27T10:00:00.000Z',
  forms: [
    {
      eventId: 'enrolment',
      eventTitle: 'Enrolment',
      formId: 'demographics',
      title: 'Demographics',
      instance: 1,
      repeating: false,
      status: 'complete',
      version: 2,
      updatedAt: '2026-11-21T10:00:00.000Z',
      fields: [
        { id: 'sex', label: 'Sex', value: 'Female (1)', verifiedAt: '2026-11-22T10:00:00.000Z' },
        { id: 'height', label: 'Height', value: '', verifiedAt: null },
      ],
      history: [
        {
          at: '2026-11-20T10:00:00.000Z',
          by: 'Coordinator',
          field: null,
          label: 'Status',
          from: 'Not started',
          to: 'Incomplete',
          reason: null,
        },
        { at: '2026-11-20T10:00:00.000Z', by: 'Coordinator', field: 'sex', label: 'Sex', from: '', to: 'Male (2)', reason: null },
        {
          at: '2026-11-21T10:00:00.000Z',
          by: 'Coordinator',
          field: 'sex',
          label: 'Sex',
          from: 'Male (2)',
          to: 'Female (1)',
          reason: 'Typo',
        },
      ],
    },
  ],
  queries: [
    {
      form: 'enrolment/demographics/1',
      field: 'sex',
      status: 'closed',
      openedAt: '2026-11-21T10:00:00.000Z',
      messages: [{ kind: 'open', by: 'system', at: '2026-11-21T10:00:00.000Z', text: 'Check' }],
    },
  ],
  signatures: [
    {
      scope: 'casebook',
      target: 'whole casebook',
      printedName: 'Dr A',
      meaning: 'I approve the data in this casebook',
      signedAt: '2026-11-23T10:00:00.000Z',
      status: 'voided',
      voidedAt: '2026-11-24T10:00:00.000Z',
      voidedBecause: 'demographics changed',
    },
  ],
};

describe('renderCasebook', () => {
  it('renders a PDF titled with the participant label', async () => {
    const pdf = await renderCasebook(data);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain('TEIAS-LUMC-0001');
  });

  it('prints a history section for a form with changes', async () => {
    const withHistory = await renderCasebook(data);
    const without = await renderCasebook({ ...data, forms: data.forms.map((f) => ({ ...f, history: [] })) });
    expect(withHistory.length).toBeGreaterThan(without.length);
  });

  it('renders an empty casebook too', async () => {
    const pdf = await renderCasebook({ ...data, forms: [], queries: [], signatures: [] });
    expect(pdf.length).toBeGreaterThan(500);
  });
});
