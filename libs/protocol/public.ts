/**
 * The study as `GET /studies/{study}` shows it (docs/API.md). Everything a coordinator's
 * browser or an R script needs to understand the data, and nothing that would break allocation
 * concealment: block sizes and minimisation probabilities stay on the server.
 */
import { studyInstruments } from './lookup';
import type {
  AnchorDefinition,
  Arm,
  EligibilityCriterion,
  FieldDefinition,
  FormCheck,
  Language,
  StudyDefinition,
  StudyDesign,
} from './types';

export interface PublicRandomisation {
  method: 'blocks' | 'minimisation';
  /** The factors other than site, which is always a stratum. */
  factors: Array<{ id: string; label: string; options: string[] }>;
}

export interface PublicEvent {
  id: string;
  title: string;
  offsetDays: number;
  offsetMinutes?: number;
  windowBefore: number;
  windowAfter: number;
  mode: 'remote' | 'clinic';
  unscheduled?: boolean;
  forms: string[];
  instruments: string[];
  instrumentsByCohort?: Record<string, string[]>;
}

export type PublicField = FieldDefinition;

export interface PublicForm {
  id: string;
  title: string;
  repeating: boolean;
  arms?: string[];
  cohorts?: string[];
  fields: PublicField[];
  checks?: FormCheck[];
}

export interface PublicStudy {
  code: string;
  title: string;
  registration?: string;
  design: StudyDesign;
  timeZone: string;
  languages: Language[];
  anchor: AnchorDefinition;
  requiresPlannedAnchorDate: boolean;
  ageRange?: { min: number; max?: number };
  target?: number;
  cohorts?: string[];
  arms?: Arm[];
  randomisation?: PublicRandomisation;
  eligibility: EligibilityCriterion[];
  schedule: PublicEvent[];
  forms: PublicForm[];
  /** Every instrument code the schedule uses; definitions are at `GET /instruments/{code}`. */
  instruments: string[];
}

/** Drops undefined keys so the JSON carries only what is set. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function publicField(field: FieldDefinition): PublicField {
  return compact<PublicField>({
    id: field.id,
    label: field.label,
    type: field.type,
    required: field.required,
    min: field.min,
    max: field.max,
    unit: field.unit,
    precision: field.precision,
    pattern: field.pattern,
    maxLength: field.maxLength,
    options: field.options?.map((o) => ({ code: o.code, label: o.label })),
    showIf: field.showIf === undefined ? undefined : { ...field.showIf },
    critical: field.critical,
    calculated: field.calculated,
    missingCodes: field.missingCodes === undefined ? undefined : [...field.missingCodes],
  });
}

export function publicStudy(study: StudyDefinition): PublicStudy {
  const randomisation = study.randomisation;
  return compact<PublicStudy>({
    code: study.code,
    title: study.title,
    registration: study.registration,
    design: study.design,
    timeZone: study.timeZone,
    languages: [...study.languages],
    anchor: compact({ kind: study.anchor.kind, actual: study.anchor.actual && { ...study.anchor.actual } }),
    requiresPlannedAnchorDate: study.requiresPlannedAnchorDate,
    ageRange: study.ageRange && { ...study.ageRange },
    target: study.target,
    cohorts: study.cohorts && [...study.cohorts],
    arms: study.arms?.map((a) => ({ code: a.code, title: a.title, ratio: a.ratio })),
    randomisation: randomisation && {
      method: randomisation.method,
      factors: randomisation.factors.map((f) => ({ id: f.id, label: f.label, options: [...f.options] })),
    },
    eligibility: study.eligibility.map((c) => ({ id: c.id, kind: c.kind, text: c.text })),
    schedule: study.schedule.map((e) =>
      compact<PublicEvent>({
        id: e.id,
        title: e.title,
        offsetDays: e.offsetDays,
        offsetMinutes: e.offsetMinutes,
        windowBefore: e.windowBefore,
        windowAfter: e.windowAfter,
        mode: e.mode ?? 'remote',
        unscheduled: e.unscheduled,
        forms: [...e.forms],
        instruments: [...e.instruments],
        instrumentsByCohort:
          e.instrumentsByCohort && Object.fromEntries(Object.entries(e.instrumentsByCohort).map(([k, v]) => [k, [...v]])),
      }),
    ),
    forms: study.forms.map((f) =>
      compact<PublicForm>({
        id: f.id,
        title: f.title,
        repeating: f.repeating,
        arms: f.arms && [...f.arms],
        cohorts: f.cohorts && [...f.cohorts],
        fields: f.fields.map(publicField),
        checks: f.checks?.map((c) => ({ ...c })),
      }),
    ),
    instruments: studyInstruments(study),
  });
}
