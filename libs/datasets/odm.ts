/**
 * CDISC ODM 1.3.2 (Snapshot): the study's metadata (events, forms, item groups, items, code lists),
 * admin data (users by pseudonymous id, sites), clinical data (one SubjectData per participant, one
 * FormData per form instance with its repeat key) and the audit records. Written with xmlbuilder2's
 * callback builder, one participant at a time, so it streams in constant memory. No clock: the file's
 * CreationDateTime and AsOfDateTime are the instant of the last audit row it contains.
 */
import { createCB } from 'xmlbuilder2';
import { formKey } from './plan';
import type { AuditRecordRow, ExportPlan, ParticipantRecord, PlanForm, PlanFormRef, PlanItem, Variable, VariableType } from './model';
import { ParticipantValues, formatScalar, missingCode } from './values';

const ODM_NS = 'http://www.cdisc.org/ns/odm/v1.3';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const MISSING_CODES = ['not_done', 'unknown', 'not_applicable'];

export interface OdmMeta {
  /** The data's as-of instant (ISO 8601 UTC): the last audit row's instant, never "now". */
  asOf: string;
  /** Site codes of the participants. */
  sites: string[];
  /** Pseudonymous ids of the users who appear in the audit records. */
  users: string[];
}

const suffix = (ref: PlanFormRef): string => {
  switch (ref.kind) {
    case 'form':
      return ref.id;
    case 'instrument':
      return `Q.${ref.id}`;
    case 'derived':
      return 'DERIVED';
    case 'participant':
      return 'PARTICIPANT';
  }
};
export const formOid = (ref: PlanFormRef) => `F.${suffix(ref)}`;
export const itemOid = (ref: PlanFormRef, itemId: string) => `I.${suffix(ref)}.${itemId}`;
const groupOid = (ref: PlanFormRef) => `IG.${suffix(ref)}`;
const codeListOid = (ref: PlanFormRef, itemId: string) => `CL.${suffix(ref)}.${itemId}`;
const userOid = (user: string | null) => (user ? `U.${user}` : 'U.SYSTEM');
const siteOid = (site: string | null) => (site ? `LOC.${site}` : 'LOC.STUDY');

function dataType(type: VariableType): string {
  switch (type) {
    case 'integer':
    case 'choice':
      return 'integer';
    case 'decimal':
      return 'float';
    case 'date':
      return 'date';
    case 'boolean':
      return 'boolean';
    case 'text':
    case 'multichoice':
      return 'text';
  }
}

export async function* odmXml(plan: ExportPlan, participants: AsyncIterable<ParticipantRecord>, audit: AsyncIterable<AuditRecordRow>, meta: OdmMeta): AsyncGenerator<string> {
  let buffer: string[] = [];
  const flush = () => {
    const out = buffer.join('');
    buffer = [];
    return out;
  };
  const x = createCB({ data: (chunk: string) => buffer.push(chunk), prettyPrint: true, indent: ' ' });
  const code = plan.study.code;
  const studyOid = `S.${code}`;
  const mdvOid = `MDV.${code}`;

  x.dec({ version: '1.0', encoding: 'UTF-8' });
  x.ele(ODM_NS, 'ODM', {
    Description: `${code} dataset`,
    FileType: 'Snapshot',
    Granularity: 'All',
    FileOID: `trialdata.${code}.${meta.asOf}`,
    CreationDateTime: meta.asOf,
    AsOfDateTime: meta.asOf,
    ODMVersion: '1.3.2',
    Originator: 'trialdata',
    SourceSystem: 'trialdata',
  });
  writeStudy(x, plan, studyOid, mdvOid);
  writeAdminData(x, studyOid, mdvOid, meta);
  yield flush();

  x.ele('ClinicalData', { StudyOID: studyOid, MetaDataVersionOID: mdvOid });
  const byForm = variablesByForm(plan);
  for await (const p of participants) {
    writeSubject(x, plan, p, byForm);
    yield flush();
  }
  x.ele('AuditRecords');
  let n = 0;
  for await (const r of audit) {
    writeAuditRecord(x, r);
    if (++n % 500 === 0) yield flush();
  }
  x.up(); // AuditRecords
  x.up(); // ClinicalData
  x.up(); // ODM
  x.end();
  buffer.push('\n');
  yield flush();
}

type Builder = ReturnType<typeof createCB>;

function text(x: Builder, element: string, value: string) {
  x.ele(element).ele('TranslatedText').att(XML_NS, 'xml:lang', 'en').txt(value).up().up();
}

function writeStudy(x: Builder, plan: ExportPlan, studyOid: string, mdvOid: string) {
  x.ele('Study', { OID: studyOid });
  x.ele('GlobalVariables');
  x.ele('StudyName').txt(plan.study.code).up();
  x.ele('StudyDescription').txt(plan.study.title).up();
  x.ele('ProtocolName').txt(plan.study.registration ?? plan.study.code).up();
  x.up();
  x.ele('MetaDataVersion', { OID: mdvOid, Name: `${plan.study.code} export`, Description: 'Generated from the study definition' });
  x.ele('Protocol');
  x.ele('StudyEventRef', { StudyEventOID: 'SE.PARTICIPANT', OrderNumber: '1', Mandatory: 'Yes' }).up();
  plan.events.forEach((e, i) => x.ele('StudyEventRef', { StudyEventOID: `SE.${e.id}`, OrderNumber: String(i + 2), Mandatory: 'No' }).up());
  x.up();
  x.ele('StudyEventDef', { OID: 'SE.PARTICIPANT', Name: 'Participant', Repeating: 'No', Type: 'Common' });
  x.ele('FormRef', { FormOID: formOid({ kind: 'participant' }), OrderNumber: '1', Mandatory: 'Yes' }).up();
  x.up();
  for (const e of plan.events) {
    x.ele('StudyEventDef', { OID: `SE.${e.id}`, Name: e.title, Repeating: 'No', Type: e.unscheduled ? 'Unscheduled' : 'Scheduled' });
    e.forms.forEach((ref, i) => x.ele('FormRef', { FormOID: formOid(ref), OrderNumber: String(i + 1), Mandatory: 'No' }).up());
    x.up();
  }
  for (const f of plan.forms) {
    x.ele('FormDef', { OID: formOid(f.ref), Name: f.title, Repeating: f.repeating ? 'Yes' : 'No' });
    x.ele('ItemGroupRef', { ItemGroupOID: groupOid(f.ref), Mandatory: 'Yes' }).up();
    x.up();
  }
  for (const f of plan.forms) {
    x.ele('ItemGroupDef', { OID: groupOid(f.ref), Name: f.title, Repeating: 'No' });
    f.items.forEach((item, i) => x.ele('ItemRef', { ItemOID: itemOid(f.ref, item.id), OrderNumber: String(i + 1), Mandatory: 'No' }).up());
    x.up();
  }
  for (const f of plan.forms) for (const item of f.items) writeItemDef(x, f, item);
  for (const f of plan.forms) {
    for (const item of f.items) {
      if (item.type !== 'choice' || !item.options?.length) continue;
      x.ele('CodeList', { OID: codeListOid(f.ref, item.id), Name: `${f.title}: ${item.label}`, DataType: 'integer' });
      for (const o of item.options) {
        x.ele('CodeListItem', { CodedValue: String(o.code) });
        text(x, 'Decode', o.label);
        x.up();
      }
      x.up();
    }
  }
  x.ele('CodeList', { OID: 'CL.MISSING', Name: 'Missing-data codes', DataType: 'text' });
  for (const m of MISSING_CODES) {
    x.ele('CodeListItem', { CodedValue: m });
    text(x, 'Decode', m.replace('_', ' '));
    x.up();
  }
  x.up();
  x.up(); // MetaDataVersion
  x.up(); // Study
}

function writeItemDef(x: Builder, f: PlanForm, item: PlanItem) {
  const attrs: Record<string, string> = { OID: itemOid(f.ref, item.id), Name: item.id, DataType: dataType(item.type) };
  if (item.type === 'text' && item.maxLength) attrs.Length = String(item.maxLength);
  if (item.type === 'decimal' && item.precision !== undefined) attrs.SignificantDigits = String(item.precision);
  x.ele('ItemDef', attrs);
  if (item.type === 'multichoice' && item.options?.length) {
    text(x, 'Description', `Codes chosen, separated by spaces: ${item.options.map((o) => `${o.code} = ${o.label}`).join('; ')}`);
  }
  text(x, 'Question', item.label + (item.unit ? ` (${item.unit})` : ''));
  if (item.type === 'choice' && item.options?.length) x.ele('CodeListRef', { CodeListOID: codeListOid(f.ref, item.id) }).up();
  x.up();
}

function writeAdminData(x: Builder, studyOid: string, mdvOid: string, meta: OdmMeta) {
  x.ele('AdminData', { StudyOID: studyOid });
  for (const u of ['SYSTEM', ...[...meta.users].sort()]) x.ele('User', { OID: u === 'SYSTEM' ? 'U.SYSTEM' : userOid(u), UserType: 'Other' }).up();
  const effective = meta.asOf.slice(0, 10);
  const location = (oid: string, name: string, type: string) => {
    x.ele('Location', { OID: oid, Name: name, LocationType: type });
    x.ele('MetaDataVersionRef', { StudyOID: studyOid, MetaDataVersionOID: mdvOid, EffectiveDate: effective }).up();
    x.up();
  };
  location('LOC.STUDY', 'Study', 'Sponsor');
  for (const s of [...meta.sites].sort()) location(siteOid(s), s, 'Site');
  x.up();
}

/** Variables keyed by form (`form:<id>` etc.) with their item id inside the form. */
function variablesByForm(plan: ExportPlan): Map<string, Array<{ itemId: string; variable: Variable }>> {
  const map = new Map<string, Array<{ itemId: string; variable: Variable }>>();
  const push = (key: string, itemId: string, variable: Variable) => {
    if (!map.has(key)) map.set(key, []);
    map.get(key)!.push({ itemId, variable });
  };
  for (const v of plan.variables) {
    const s = v.source;
    if (s.kind === 'participant') push('participant', s.key, v);
    else if (s.kind === 'derived') push(`${s.eventId}|derived`, s.outcome, v);
    else if (s.kind === 'item') push(`${s.eventId}|instrument:${s.instrument}`, s.itemId, v);
    else if (s.kind === 'score') push(`${s.eventId}|instrument:${s.instrument}`, `S.${s.score}`, v);
  }
  return map;
}

function itemData(x: Builder, oid: string, type: VariableType, raw: unknown, precision?: number) {
  const missing = missingCode(raw);
  if (missing !== null) {
    x.ele('ItemData', { ItemOID: oid, IsNull: 'Yes' });
    x.ele('Annotation', { SeqNum: '1' }).ele('Flag').ele('FlagValue', { CodeListOID: 'CL.MISSING' }).txt(missing).up().up().up();
    x.up();
    return;
  }
  const value = formatScalar(type, raw, precision);
  if (value === '') return;
  x.ele('ItemData', { ItemOID: oid, Value: value }).up();
}

function writeSubject(x: Builder, plan: ExportPlan, p: ParticipantRecord, byForm: Map<string, Array<{ itemId: string; variable: Variable }>>) {
  const values = new ParticipantValues(p, plan.baselineEvent);
  x.ele('SubjectData', { SubjectKey: p.label, TransactionType: 'Insert' });
  x.ele('SiteRef', { LocationOID: siteOid(p.site) }).up();
  const participantRef: PlanFormRef = { kind: 'participant' };
  x.ele('StudyEventData', { StudyEventOID: 'SE.PARTICIPANT' });
  x.ele('FormData', { FormOID: formOid(participantRef), TransactionType: 'Insert' });
  x.ele('ItemGroupData', { ItemGroupOID: groupOid(participantRef) });
  for (const { itemId, variable } of byForm.get('participant') ?? []) itemData(x, itemOid(participantRef, itemId), variable.type, values.value(variable), variable.precision);
  x.up().up().up();

  const planForms = new Map(plan.forms.map((f) => [formKey(f.ref), f]));
  for (const event of plan.events) {
    let open = false;
    const openEvent = () => {
      if (!open) x.ele('StudyEventData', { StudyEventOID: `SE.${event.id}` });
      open = true;
    };
    for (const ref of event.forms) {
      if (ref.kind === 'form') {
        const form = planForms.get(formKey(ref))!;
        const instances = p.forms.filter((f) => f.eventId === event.id && f.formId === ref.id).sort((a, b) => a.instance - b.instance);
        for (const f of instances) {
          openEvent();
          x.ele('FormData', { FormOID: formOid(ref), ...(form.repeating ? { FormRepeatKey: String(f.instance) } : {}), TransactionType: 'Insert' });
          x.ele('ItemGroupData', { ItemGroupOID: groupOid(ref) });
          for (const item of form.items) itemData(x, itemOid(ref, item.id), item.type, f.values[item.id] ?? null, item.precision);
          x.up().up();
        }
      } else if (ref.kind === 'instrument') {
        const q = p.questionnaires.find((r) => r.eventId === event.id && r.instrument === ref.id);
        if (!q) continue;
        const form = planForms.get(formKey(ref))!;
        openEvent();
        x.ele('FormData', { FormOID: formOid(ref), TransactionType: 'Insert' });
        x.ele('ItemGroupData', { ItemGroupOID: groupOid(ref) });
        const scores = values.scoresOf(event.id, ref.id) ?? {};
        for (const item of form.items) {
          const raw = item.id.startsWith('S.') ? (scores[item.id.slice(2)] ?? null) : (q.answers[item.id] ?? null);
          itemData(x, itemOid(ref, item.id), item.type, raw);
        }
        x.up().up();
      } else if (ref.kind === 'derived') {
        const vars = byForm.get(`${event.id}|derived`) ?? [];
        const present = vars.map((v) => ({ ...v, raw: values.value(v.variable) })).filter((v) => v.raw !== null && v.raw !== undefined);
        if (!present.length) continue;
        openEvent();
        x.ele('FormData', { FormOID: formOid(ref), TransactionType: 'Insert' });
        x.ele('ItemGroupData', { ItemGroupOID: groupOid(ref) });
        for (const v of present) itemData(x, itemOid(ref, v.itemId), v.variable.type, v.raw, v.variable.precision);
        x.up().up();
      }
    }
    if (open) x.up();
  }
  x.up(); // SubjectData
}

function writeAuditRecord(x: Builder, r: AuditRecordRow) {
  x.ele('AuditRecord', { EditPoint: 'DataManagement', ID: `AR.${r.seq}` });
  x.ele('UserRef', { UserOID: userOid(r.user) }).up();
  x.ele('LocationRef', { LocationOID: siteOid(r.site) }).up();
  x.ele('DateTimeStamp').txt(r.at).up();
  if (r.reason) x.ele('ReasonForChange').txt(r.reason).up();
  const source = { seq: r.seq, action: r.action, entity: r.entity, entityId: r.entityId, participant: r.participant, field: r.field, from: r.from ?? null, to: r.to ?? null };
  x.ele('SourceID').txt(JSON.stringify(source)).up();
  x.up();
}
