/**
 * Deterministic synthetic participants for tests and the benchmark: every field type, repeating
 * instances, missing-data codes and questionnaire answers, from a seed (no Math.random, no clock).
 */
import { INSTRUMENTS, type InstrumentDefinition } from '@trialdata/instruments';
import type { FieldDefinition, StudyDefinition } from '@trialdata/protocol';
import type { FormRecord, ParticipantRecord, QuestionnaireRecord } from './model';
import { eventInstruments } from './plan';

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function fieldValue(field: FieldDefinition, r: () => number): unknown {
  if (field.missingCodes?.length && r() < 0.03) return { missing: field.missingCodes[0] };
  if (!field.required && r() < 0.1) return null;
  switch (field.type) {
    case 'integer': {
      const min = field.min ?? 0;
      const max = field.max ?? min + 100;
      return min + Math.floor(r() * (max - min + 1));
    }
    case 'decimal': {
      const min = field.min ?? 0;
      const max = field.max ?? min + 100;
      const p = field.precision ?? 2;
      return Number((min + r() * (max - min)).toFixed(p));
    }
    case 'text':
      return `text ${Math.floor(r() * 1000)}${r() < 0.1 ? ', "quoted"' : ''}`.slice(0, field.maxLength ?? 100);
    case 'date':
      return `2026-${pad(1 + Math.floor(r() * 12))}-${pad(1 + Math.floor(r() * 28))}`;
    case 'choice': {
      const options = field.options ?? [];
      return options[Math.floor(r() * options.length)]?.code ?? null;
    }
    case 'multichoice':
      return (field.options ?? []).filter(() => r() < 0.3).map((o) => o.code);
    case 'boolean':
      return r() < 0.5;
  }
}

function answers(def: InstrumentDefinition, r: () => number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of def.items) {
    if (item.showIf) continue;
    if (r() < 0.05) continue;
    if (item.type === 'choice' && item.options?.length) out[item.id] = item.options[Math.floor(r() * item.options.length)].code;
    else if (item.type === 'integer' && item.range) out[item.id] = item.range.min + Math.floor(r() * (item.range.max - item.range.min + 1));
    else if (item.type === 'multichoice' && item.options?.length) {
      const plain = item.options.filter((o) => !o.exclusive);
      const picked = plain.filter(() => r() < 0.3).map((o) => o.code);
      if (picked.length) out[item.id] = picked;
    }
  }
  return out;
}

/** `count` participants of a study, label `<STUDY>-<SITE>-NNNN`, deterministic for a seed. */
export async function* syntheticParticipants(
  study: StudyDefinition,
  count: number,
  seed = 1,
  instruments: readonly InstrumentDefinition[] = INSTRUMENTS,
): AsyncGenerator<ParticipantRecord> {
  const r = prng(seed);
  for (let i = 1; i <= count; i++) {
    const site = i % 2 ? 'LUMC' : 'HMC';
    const arm = study.arms?.length ? study.arms[i % study.arms.length].code : null;
    const cohort = study.cohorts?.length ? study.cohorts[i % study.cohorts.length] : null;
    const forms: FormRecord[] = [];
    const questionnaires: QuestionnaireRecord[] = [];
    for (const event of study.schedule) {
      for (const formId of event.forms) {
        const form = study.forms.find((f) => f.id === formId);
        if (!form) continue;
        if (form.arms && !(arm && form.arms.includes(arm))) continue;
        if (form.cohorts && !(cohort && form.cohorts.includes(cohort))) continue;
        const instances = form.repeating ? Math.floor(r() * 3) : r() < 0.95 ? 1 : 0;
        for (let k = 1; k <= instances; k++) {
          const values: Record<string, unknown> = {};
          for (const field of form.fields) {
            if (field.showIf) {
              if (r() < 0.5) values[field.id] = null;
              else values[field.id] = fieldValue(field, r);
            } else values[field.id] = fieldValue(field, r);
          }
          forms.push({ eventId: event.id, formId: form.id, instance: k, status: r() < 0.9 ? 'complete' : 'incomplete', values });
        }
      }
      for (const code of eventInstruments(event)) {
        const def = instruments.find((d) => d.code === code);
        if (!def || r() < 0.1) continue;
        questionnaires.push({ eventId: event.id, instrument: code, status: 'completed', answers: answers(def, r) });
      }
    }
    yield {
      label: `${study.code}-${site}-${pad(i, 4)}`,
      site,
      status: arm ? 'randomised' : 'enrolled',
      arm,
      cohort,
      sex: r() < 0.5 ? 'female' : 'male',
      birthYear: 1960 + Math.floor(r() * 40),
      consentDate: '2026-11-20',
      consentVersion: '1.0',
      enrolmentDate: '2026-11-20',
      randomisationDate: arm ? '2026-11-21' : null,
      anchorDate: '2026-11-21',
      forms,
      questionnaires,
    };
  }
}
