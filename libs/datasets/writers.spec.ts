import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { validateXML } from 'xmllint-wasm';
import { EIMICOR, POTEISS, TEIAS } from '@trialdata/protocol';
import {
  LONG_ONLY_ANNOTATION,
  REDCAP_HEADER,
  auditCsv,
  buildExportPlan,
  dictionaryCsv,
  escapeAttribute,
  escapeText,
  formatNumber,
  longCsv,
  manifest,
  manifestSha256,
  odmXml,
  syntheticParticipants,
  wideCsv,
  writeDatasetFiles,
  type AuditRecordRow,
  type DatasetSources,
  type ParticipantRecord,
} from './index';

// A copy of ../shared/schemas/odm-1.3.2 (CDISC ODM 1.3.2), kept in the repository so that tests run from any checkout.
const XSD_DIR = join(__dirname, '../../test/fixtures/odm-1.3.2');

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const c of chunks) out += c;
  return out;
}

async function* list<T>(items: T[]): AsyncGenerator<T> {
  for (const i of items) yield i;
}

const AUDIT: AuditRecordRow[] = [
  {
    seq: 3,
    at: '2026-11-20T09:00:00.000Z',
    user: '6f1c0f7e-0000-4000-8000-000000000001',
    action: 'enrol',
    entity: 'participant',
    entityId: 'TEIAS-LUMC-0001',
    participant: 'TEIAS-LUMC-0001',
    site: 'LUMC',
    field: null,
    from: null,
    to: { status: 'enrolled' },
    reason: null,
  },
  {
    seq: 9,
    at: '2026-11-21T10:15:00.000Z',
    user: null,
    action: 'update',
    entity: 'form',
    entityId: 'TEIAS-LUMC-0001/enrolment/demographics/1',
    participant: 'TEIAS-LUMC-0001',
    site: 'LUMC',
    field: 'weight',
    from: 80.5,
    to: 81,
    reason: 'typo, "corrected"',
  },
];

function sources(study: typeof TEIAS, count: number): DatasetSources {
  return {
    participantCount: count,
    participants: () => syntheticParticipants(study, count, 7),
    audit: () => list([AUDIT]),
    meta: { asOf: '2026-11-21T10:15:00.000Z', sites: ['HMC', 'LUMC'], users: ['6f1c0f7e-0000-4000-8000-000000000001'] },
  };
}

async function validateOdm(xml: string) {
  const read = (name: string) => ({ fileName: name, contents: readFileSync(join(XSD_DIR, name), 'utf8') });
  return validateXML({
    xml: [{ fileName: 'odm.xml', contents: xml }],
    schema: [read('ODM1-3-2.xsd')],
    preload: [read('ODM1-3-2-foundation.xsd'), read('xml.xsd'), read('xmldsig-core-schema.xsd'), read('xlink.xsd')],
    maxMemoryPages: 16 * 1024,
  });
}

describe('export plan', () => {
  const plan = buildExportPlan(TEIAS);

  it('names columns event_form_field and leaves repeating forms out of data.csv', () => {
    const names = plan.columns.map((c) => c.name);
    expect(names[0]).toBe('participant');
    expect(names).toContain('enrolment_demographics_weight');
    expect(names).toContain('week2_nrs_leg_score');
    expect(names.some((n) => n.includes('_conmed_'))).toBe(false);
    expect(plan.variables.some((v) => v.name === 'unscheduled_conmed_drug' && v.repeating)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });

  it('has the derived outcomes at each follow-up with NRS leg pain, GPE recovered where GPE is asked', () => {
    const names = plan.columns.map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'week2_derived_nrs_leg_change',
        'week2_derived_nrs_leg_pct_change',
        'week2_derived_responder50',
        'week2_derived_recovered',
      ]),
    );
    expect(names.some((n) => n.startsWith('baseline_derived_'))).toBe(false);
    expect(plan.baselineEvent).toBe('baseline');
  });

  it('spreads a multichoice field over 0/1 columns named <name>___<code>', () => {
    const names = plan.columns.map((c) => c.name);
    expect(names).toContain('baseline_injection_compl_type___1');
    expect(names).not.toContain('baseline_injection_compl_type');
  });

  it('builds for every study', () => {
    for (const s of [TEIAS, POTEISS, EIMICOR]) expect(buildExportPlan(s).columns.length).toBeGreaterThan(50);
  });
});

describe('value formatting', () => {
  it('never uses exponents or -0 and keeps the field precision', () => {
    expect(formatNumber(1e-7)).toBe('0.0000001');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(12.3456, 1)).toBe('12.3');
    expect(formatNumber(-0.01, 1)).toBe('0.0');
    expect(formatNumber(2.5)).toBe('2.5');
  });
});

describe('data.csv and data-long.csv', () => {
  const plan = buildExportPlan(TEIAS);
  const p: ParticipantRecord = {
    label: 'TEIAS-LUMC-0001',
    site: 'LUMC',
    status: 'randomised',
    arm: 'TEI',
    cohort: null,
    sex: 'female',
    birthYear: 1980,
    consentDate: '2026-11-20',
    consentVersion: '1.0',
    enrolmentDate: '2026-11-20',
    randomisationDate: '2026-11-21',
    anchorDate: '2026-11-21',
    forms: [
      {
        eventId: 'enrolment',
        formId: 'demographics',
        instance: 1,
        status: 'complete',
        values: { birth_year: 1980, sex: 1, height: { missing: 'unknown' }, weight: 80.25, smoking: 2, work: 1, workload: 3 },
      },
      {
        eventId: 'baseline',
        formId: 'injection',
        instance: 1,
        status: 'complete',
        values: { compl: true, compl_type: [1, 5], compl_text: 'dizzy, then "fine"\nnext day' },
      },
      {
        eventId: 'unscheduled',
        formId: 'conmed',
        instance: 1,
        status: 'complete',
        values: { drug: 'Paracetamol', class: 1, ongoing: true },
      },
      {
        eventId: 'unscheduled',
        formId: 'conmed',
        instance: 2,
        status: 'incomplete',
        values: { drug: 'Tramadol', class: 3, ongoing: false, stop: '2026-12-01' },
      },
    ],
    questionnaires: [
      { eventId: 'baseline', instrument: 'NRS_LEG', status: 'completed', answers: { score: 8 } },
      { eventId: 'week2', instrument: 'NRS_LEG', status: 'completed', answers: { score: 3 } },
      { eventId: 'week2', instrument: 'GPE', status: 'completed', answers: { gpe: 2 } },
    ],
  };

  it('writes one row per participant with typed, fixed-format cells and derived outcomes', async () => {
    const rows = parse(await text(wideCsv(plan, list([p])))) as string[][];
    expect(rows).toHaveLength(2);
    const row = Object.fromEntries(rows[0].map((name, i) => [name, rows[1][i]]));
    expect(row.participant).toBe('TEIAS-LUMC-0001');
    expect(row.enrolment_demographics_weight).toBe('80.3');
    expect(row.enrolment_demographics_height).toBe('');
    expect(row.baseline_injection_compl).toBe('1');
    expect(row.baseline_injection_compl_type___1).toBe('1');
    expect(row.baseline_injection_compl_type___2).toBe('0');
    expect(row.baseline_injection_compl_text).toBe('dizzy, then "fine"\nnext day');
    expect(row.week2_nrs_leg_score).toBe('3');
    expect(row.week2_derived_nrs_leg_change).toBe('-5');
    expect(row.week2_derived_nrs_leg_pct_change).toBe('-62.5');
    expect(row.week2_derived_responder50).toBe('1');
    expect(row.week2_derived_recovered).toBe('1');
    expect(row.week1_derived_nrs_leg_change).toBe('');
  });

  it('puts each repeating instance in data-long.csv with its instance number and missing-data codes', async () => {
    const rows = parse(await text(longCsv(plan, list([p]))), { columns: true }) as Array<Record<string, string>>;
    const conmed = rows.filter((r) => r.form === 'conmed' && r.field === 'drug');
    expect(conmed.map((r) => [r.instance, r.value])).toEqual([
      ['1', 'Paracetamol'],
      ['2', 'Tramadol'],
    ]);
    const height = rows.find((r) => r.variable === 'enrolment_demographics_height')!;
    expect(height).toMatchObject({ value: '', missing_code: 'unknown' });
    expect(rows.find((r) => r.variable === 'baseline_injection_compl_type')!.value).toBe('1 5');
  });
});

describe('dictionary.csv', () => {
  it("has REDCap's 18 columns, and matches data.csv columns one to one (checkbox rows stand for their ___ columns)", async () => {
    for (const study of [TEIAS, POTEISS, EIMICOR]) {
      const plan = buildExportPlan(study);
      const dict = parse(await text(dictionaryCsv(plan))) as string[][];
      expect(dict[0]).toEqual([...REDCAP_HEADER]);
      const header = (parse(await text(wideCsv(plan, list([])))) as string[][])[0];
      const expected = new Set<string>();
      for (const row of dict.slice(1)) {
        expect(row).toHaveLength(18);
        if (row[17].includes(LONG_ONLY_ANNOTATION)) continue;
        if (row[3] === 'checkbox') for (const choice of row[5].split(' | ')) expected.add(`${row[0]}___${choice.split(',')[0]}`);
        else expected.add(row[0]);
      }
      expect([...expected].sort()).toEqual([...header].sort());
    }
  });
});

describe('odm.xml', () => {
  it.each([TEIAS, POTEISS, EIMICOR])(
    'is valid ODM 1.3.2 for $code (metadata, clinical data with repeat keys, audit records)',
    async (study) => {
      const plan = buildExportPlan(study);
      const s = sources(study, 12);
      const xml = await text(odmXml(plan, s.participants(), s.audit(), s.meta));
      if (study.forms.some((f) => f.repeating)) expect(xml).toContain('FormRepeatKey="2"');
      expect(xml).toContain('<AuditRecord EditPoint="DataManagement" ID="AR.9">');
      const result = await validateOdm(xml);
      expect(result.errors.slice(0, 5)).toEqual([]);
      expect(result.valid).toBe(true);
    },
  );
});

describe('odm.xml audit records', () => {
  it('are written as the element writer wrote them: indentation, escapes, the system user and the study location', async () => {
    // The expected text is what odmXml wrote before AuditRecord was spelled out as one string (ae28fcb).
    const rows: AuditRecordRow[] = [
      { ...AUDIT[0], user: 'user-1', at: '2026-11-20T09:00:00.000000Z' },
      {
        ...AUDIT[1],
        at: '2026-11-21T10:15:00.000000Z',
        entityId: 'baseline/a&b/1',
        participant: null,
        site: null,
        field: 'note',
        from: 'x < y',
        to: 'tab\there\r\n"q" \u0001',
        reason: 'typo & <fix>\r\nline "2"\t\u0002',
      },
    ];
    const plan = buildExportPlan(TEIAS);
    const xml = await text(odmXml(plan, list([]), list([rows]), { asOf: rows[1].at, sites: ['LUMC'], users: ['user-1'] }));
    const records = xml.slice(xml.indexOf('\n  <AuditRecords>'), xml.indexOf('</AuditRecords>'));
    expect(records).toBe(
      [
        '',
        '  <AuditRecords>',
        '   <AuditRecord EditPoint="DataManagement" ID="AR.3">',
        '    <UserRef UserOID="U.user-1"/>',
        '    <LocationRef LocationOID="LOC.LUMC"/>',
        '    <DateTimeStamp>2026-11-20T09:00:00.000000Z</DateTimeStamp>',
        '    <SourceID>{"seq":3,"action":"enrol","entity":"participant","entityId":"TEIAS-LUMC-0001","participant":"TEIAS-LUMC-0001","field":null,"from":null,"to":{"status":"enrolled"}}</SourceID>',
        '   </AuditRecord>',
        '   <AuditRecord EditPoint="DataManagement" ID="AR.9">',
        '    <UserRef UserOID="U.SYSTEM"/>',
        '    <LocationRef LocationOID="LOC.STUDY"/>',
        '    <DateTimeStamp>2026-11-21T10:15:00.000000Z</DateTimeStamp>',
        '    <ReasonForChange>typo &amp; &lt;fix&gt;&#13;\nline "2"\t</ReasonForChange>',
        '    <SourceID>{"seq":9,"action":"update","entity":"form","entityId":"baseline/a&amp;b/1","participant":null,"field":"note","from":"x &lt; y","to":"tab\\there\\r\\n\\"q\\" \\u0001"}</SourceID>',
        '   </AuditRecord>',
        '  ',
      ].join('\n'),
    );
  });
});

describe('XML escaping', () => {
  it('keeps line breaks and tabs in attributes as character references and drops characters XML cannot carry', () => {
    expect(escapeAttribute('a "b" & <c>\n\td\u0001')).toBe('a &quot;b&quot; &amp; &lt;c&gt;&#10;&#9;d');
    expect(escapeText('x < y & z\r')).toBe('x &lt; y &amp; z&#13;');
  });
});

describe('audit.csv', () => {
  it('quotes reasons and writes from/to as JSON', async () => {
    const rows = parse(await text(auditCsv(list([AUDIT]))), { columns: true }) as Array<Record<string, string>>;
    expect(rows[1]).toMatchObject({
      seq: '9',
      participant: 'TEIAS-LUMC-0001',
      field: 'weight',
      from: '80.5',
      to: '81',
      reason: 'typo, "corrected"',
    });
  });
});

describe('dataset files', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const mk = () => {
    const d = mkdtempSync(join(tmpdir(), 'datasets-spec-'));
    dirs.push(d);
    return d;
  };

  it('are byte-identical for the same data, and the manifest hash is sha256sum-style', async () => {
    const plan = buildExportPlan(TEIAS);
    const a = await writeDatasetFiles(mk(), plan, sources(TEIAS, 20));
    const b = await writeDatasetFiles(mk(), plan, sources(TEIAS, 20));
    expect(a.map((f) => f.name)).toEqual([
      'audit-head.json',
      'audit.csv',
      'data-long.csv',
      'data.csv',
      'dictionary.csv',
      'load.R',
      'load.do',
      'load.sps',
      'odm.xml',
    ]);
    expect(b).toEqual(a);
    expect(
      manifest([
        { name: 'b', sha256: '2' },
        { name: 'B', sha256: '1' },
      ]),
    ).toBe('1  B\n2  b\n');
    expect(manifestSha256(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.skipIf(!existsSync('/usr/bin/Rscript'))('load.R leaves `data`, one row per participant, with factors and dates', async () => {
    const dir = mk();
    await writeDatasetFiles(dir, buildExportPlan(TEIAS), sources(TEIAS, 12));
    const out = execFileSync(
      '/usr/bin/Rscript',
      [
        '-e',
        'source("load.R"); cat(nrow(data), class(data$consent_date), class(data$enrolment_demographics_sex), is.logical(data$baseline_injection_compl), levels(data$arm), sep="|")',
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(out.trim()).toBe('12|Date|factor|TRUE|TEI|UC');
  });
});
