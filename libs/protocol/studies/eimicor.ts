/**
 * EIMICOR — Effect of Infection, Modic and Inflammation on Clinical Outcomes in surgery for
 * Radiculopathy (protocol: BMC Neurol 2021;21:379). Observational cohort of 160 lumbar and 160
 * cervical patients; the cohort chosen at enrolment selects the questionnaires. Anchor: the surgery
 * date, planned at enrolment and replaced by the surgery form's date.
 * Described in docs/STUDIES.md. Self-contained on purpose (see teias.ts).
 *
 * Where the follow-up and timing rules come from (issue 13 items 4-5):
 * - Baseline before surgery: protocol (BMC Neurol 2021;21:379, methods); the window ends on the
 *   surgery day (platform).
 * - "On or after enrolment" date checks read the consent date (`enrolment.consentDate`, ICH E6 4.8):
 *   a patient consented before surgery but registered afterwards can still be entered.
 * - End of study / withdrawal of consent: WMO / CCMO model consent form; the form leads the
 *   participant status (libs/participants/end-of-study.ts).
 */
import type { ChoiceOption, StudyDefinition } from '../types';

/** Lumbar levels 1–5, cervical levels 11–16, so a level's region is readable from its code. */
const SPINAL_LEVEL: ChoiceOption[] = [
  { code: 1, label: 'L1–L2' },
  { code: 2, label: 'L2–L3' },
  { code: 3, label: 'L3–L4' },
  { code: 4, label: 'L4–L5' },
  { code: 5, label: 'L5–S1' },
  { code: 11, label: 'C2–C3' },
  { code: 12, label: 'C3–C4' },
  { code: 13, label: 'C4–C5' },
  { code: 14, label: 'C5–C6' },
  { code: 15, label: 'C6–C7' },
  { code: 16, label: 'C7–T1' },
];
const MODIC: ChoiceOption[] = [
  { code: 0, label: 'No Modic change' },
  { code: 1, label: 'Type 1 (oedema)' },
  { code: 2, label: 'Type 2 (fatty)' },
  { code: 3, label: 'Type 3 (sclerosis)' },
];

const LUMBAR_BASELINE = ['NRS_LEG', 'NRS_BACK', 'ODI', 'HCU'];
const CERVICAL_BASELINE = ['NRS_ARM', 'NRS_NECK', 'NDI', 'HCU'];
const LUMBAR_FOLLOW_UP = ['NRS_LEG', 'NRS_BACK', 'ODI', 'GPE', 'HCU'];
const CERVICAL_FOLLOW_UP = ['NRS_ARM', 'NRS_NECK', 'NDI', 'GPE', 'HCU'];
/** An event's `instruments` list every cohort's, for the public schedule; each cohort gets its own. */
const BASELINE = {
  instruments: ['NRS_LEG', 'NRS_BACK', 'NRS_ARM', 'NRS_NECK', 'ODI', 'NDI', 'HCU'],
  instrumentsByCohort: { lumbar: LUMBAR_BASELINE, cervical: CERVICAL_BASELINE },
};
const FOLLOW_UP = {
  instruments: ['NRS_LEG', 'NRS_BACK', 'NRS_ARM', 'NRS_NECK', 'ODI', 'NDI', 'GPE', 'HCU'],
  instrumentsByCohort: { lumbar: LUMBAR_FOLLOW_UP, cervical: CERVICAL_FOLLOW_UP },
};

export const EIMICOR: StudyDefinition = {
  code: 'EIMICOR',
  title: 'Effect of Infection, Modic and Inflammation on Clinical Outcomes in surgery for Radiculopathy',
  design: 'cohort',
  timeZone: 'Europe/Amsterdam',
  languages: ['nl', 'en'],
  anchor: { kind: 'surgery', actual: { eventId: 'baseline', formId: 'surgery', fieldId: 'date' } },
  cohorts: ['lumbar', 'cervical'],
  requiresPlannedAnchorDate: true,
  ageRange: { min: 18, max: 75 },
  target: 320,
  eligibility: [
    { id: 'inc_radiculopathy', kind: 'inclusion', text: 'Radiculopathy caused by a lumbar or cervical disc herniation' },
    { id: 'inc_surgery_planned', kind: 'inclusion', text: 'Scheduled for surgery for the disc herniation' },
    { id: 'inc_age_18_75', kind: 'inclusion', text: 'Age 18 to 75 years' },
    { id: 'inc_consent', kind: 'inclusion', text: 'Signed informed consent' },
  ],
  schedule: [
    {
      id: 'baseline',
      title: 'Baseline (before surgery) and surgery',
      offsetDays: 0,
      windowBefore: 28,
      windowAfter: 0,
      forms: ['prior_tei', 'mri_modic', 'serology', 'surgery', 'microbiology', 'histology'],
      ...BASELINE,
    },
    { id: 'week6', title: 'Week 6', offsetDays: 42, windowBefore: 7, windowAfter: 7, forms: [], ...FOLLOW_UP },
    { id: 'week16', title: 'Week 16', offsetDays: 112, windowBefore: 14, windowAfter: 14, forms: [], ...FOLLOW_UP },
    { id: 'week26', title: 'Week 26', offsetDays: 182, windowBefore: 14, windowAfter: 14, forms: [], ...FOLLOW_UP },
    { id: 'week52', title: 'Week 52', offsetDays: 364, windowBefore: 14, windowAfter: 14, forms: [], ...FOLLOW_UP },
    {
      id: 'unscheduled',
      title: 'Any time (adverse events, study end)',
      offsetDays: 0,
      windowBefore: 0,
      windowAfter: 0,
      // Adverse events at any time point (ICH E6 / WMO), not only at the POTEISS day-4 contact.
      forms: ['adverse_event', 'end_of_study'],
      instruments: [],
      unscheduled: true,
    },
  ],
  forms: [
    {
      // The date belongs to the past (an earlier TEI, protocol): any day before surgery is in window (libs/crf/deviations.ts FORM_WINDOWS).
      id: 'prior_tei',
      title: 'Transforaminal epidural injection before surgery',
      repeating: false,
      fields: [
        { id: 'given', label: 'TEI before surgery', type: 'boolean', required: true, critical: true },
        {
          id: 'date',
          label: 'Date of the last TEI',
          type: 'date',
          required: true,
          showIf: { field: 'given', equals: true },
          missingCodes: ['unknown'],
        },
      ],
      checks: [{ id: 'before_surgery', severity: 'soft', message: 'TEI dated after the (planned) surgery', rule: 'date <= anchor.date' }],
    },
    {
      id: 'mri_modic',
      title: 'MRI Modic changes (operated level)',
      repeating: false,
      fields: [
        { id: 'scan_date', label: 'Date of MRI', type: 'date', required: true, missingCodes: ['unknown'] },
        { id: 'reader', label: 'Reader id', type: 'text', required: true, pattern: '^[A-Za-z0-9_.-]+$', maxLength: 40, critical: true },
        { id: 'level', label: 'Level', type: 'choice', required: true, options: SPINAL_LEVEL, critical: true },
        {
          id: 'modic_upper',
          label: 'Modic type, upper (cranial) endplate',
          type: 'choice',
          required: true,
          options: MODIC,
          critical: true,
          missingCodes: ['not_done'],
        },
        {
          id: 'modic_lower',
          label: 'Modic type, lower (caudal) endplate',
          type: 'choice',
          required: true,
          options: MODIC,
          critical: true,
          missingCodes: ['not_done'],
        },
      ],
    },
    {
      id: 'serology',
      title: 'Serology (before surgery)',
      repeating: false,
      fields: [
        { id: 'date', label: 'Date of blood sample', type: 'date', required: true },
        {
          id: 'crp',
          label: 'C-reactive protein',
          type: 'decimal',
          required: true,
          min: 0,
          max: 500,
          unit: 'mg/L',
          precision: 1,
          critical: true,
          missingCodes: ['not_done'],
        },
        {
          id: 'esr',
          label: 'Erythrocyte sedimentation rate',
          type: 'integer',
          required: true,
          min: 0,
          max: 150,
          unit: 'mm/h',
          missingCodes: ['not_done'],
        },
        {
          id: 'leuko',
          label: 'Leukocytes',
          type: 'decimal',
          required: true,
          min: 0,
          max: 100,
          unit: '×10⁹/L',
          precision: 1,
          missingCodes: ['not_done'],
        },
      ],
      checks: [
        { id: 'crp_plausible', severity: 'soft', message: 'CRP above 100 mg/L: please verify', rule: 'crp <= 100' },
        {
          id: 'leuko_plausible',
          severity: 'soft',
          message: 'Leukocytes outside 2–30 ×10⁹/L: please verify',
          rule: 'leuko >= 2 and leuko <= 30',
        },
      ],
    },
    {
      id: 'surgery',
      title: 'Surgery',
      repeating: false,
      fields: [
        { id: 'date', label: 'Date of surgery', type: 'date', required: true, critical: true },
        { id: 'level', label: 'Operated level', type: 'choice', required: true, options: SPINAL_LEVEL, critical: true },
        {
          id: 'procedure',
          label: 'Procedure',
          type: 'choice',
          required: true,
          options: [
            { code: 1, label: 'Lumbar microdiscectomy' },
            { code: 2, label: 'Anterior cervical discectomy and fusion' },
            { code: 3, label: 'Anterior cervical discectomy without fusion' },
            { code: 4, label: 'Cervical disc arthroplasty' },
            { code: 5, label: 'Posterior cervical foraminotomy' },
            { code: 6, label: 'Other' },
          ],
          critical: true,
        },
        {
          id: 'proc_other',
          label: 'Other procedure',
          type: 'text',
          required: true,
          maxLength: 200,
          showIf: { field: 'procedure', equals: 6 },
        },
        {
          id: 'side',
          label: 'Side',
          type: 'choice',
          required: true,
          options: [
            { code: 1, label: 'Left' },
            { code: 2, label: 'Right' },
            { code: 3, label: 'Both or midline' },
          ],
        },
        { id: 'sampled', label: 'Disc material sent for culture and histology', type: 'boolean', required: true, critical: true },
      ],
      checks: [
        {
          id: 'after_enrolment',
          severity: 'hard',
          message: 'Surgery date is before the consent date',
          rule: 'date >= enrolment.consentDate',
        },
        {
          id: 'level_in_cohort',
          severity: 'soft',
          message: "The operated level is not in the participant's cohort (lumbar / cervical)",
          rule: "(enrolment.cohort == 'lumbar' and level <= 5) or (enrolment.cohort == 'cervical' and level >= 11)",
        },
      ],
    },
    {
      // Cultures are reported about 14 days after surgery (protocol): entry allowed up to 21 days later (platform; FORM_WINDOWS).
      id: 'microbiology',
      title: 'Microbiology (disc culture)',
      repeating: false,
      fields: [
        { id: 'culture', label: 'Disc material cultured', type: 'boolean', required: true, critical: true },
        {
          id: 'cacnes',
          label: 'Cutibacterium acnes',
          type: 'choice',
          required: true,
          options: [
            { code: 1, label: 'Positive' },
            { code: 2, label: 'Negative' },
          ],
          showIf: { field: 'culture', equals: true },
          critical: true,
        },
        {
          id: 'incub_days',
          label: 'Incubation time',
          type: 'integer',
          required: true,
          min: 0,
          max: 28,
          unit: 'days',
          showIf: { field: 'culture', equals: true },
        },
        {
          id: 'other_org',
          label: 'Other organisms cultured',
          type: 'text',
          required: false,
          maxLength: 200,
          showIf: { field: 'culture', equals: true },
        },
        {
          id: 'control',
          label: 'Control sample culture',
          type: 'choice',
          required: true,
          options: [
            { code: 1, label: 'Negative' },
            { code: 2, label: 'Positive' },
          ],
          showIf: { field: 'culture', equals: true },
          critical: true,
          missingCodes: ['not_done'],
        },
        {
          id: 'control_org',
          label: 'Organisms in the control sample',
          type: 'text',
          required: true,
          maxLength: 200,
          showIf: { field: 'control', equals: 2 },
        },
      ],
    },
    {
      // Histology is reported about 14 days after surgery (protocol): entry allowed up to 21 days later (platform; FORM_WINDOWS).
      id: 'histology',
      title: 'Histology (inflammation)',
      repeating: false,
      fields: [
        { id: 'done', label: 'Histology performed', type: 'boolean', required: true },
        {
          id: 'cd68',
          label: 'CD68 macrophage density',
          type: 'choice',
          required: true,
          options: [
            { code: 1, label: 'Mild (<10/cm²)' },
            { code: 2, label: 'Moderate (10–100/cm²)' },
            { code: 3, label: 'Considerable (>100/cm²)' },
          ],
          showIf: { field: 'done', equals: true },
          critical: true,
        },
        {
          id: 'm1',
          label: 'M1 macrophages',
          type: 'integer',
          required: true,
          min: 0,
          max: 100000,
          unit: 'cells/cm²',
          showIf: { field: 'done', equals: true },
          missingCodes: ['not_done'],
        },
        {
          id: 'm2',
          label: 'M2 macrophages',
          type: 'integer',
          required: true,
          min: 0,
          max: 100000,
          unit: 'cells/cm²',
          showIf: { field: 'done', equals: true },
          missingCodes: ['not_done'],
        },
        {
          id: 'cd3',
          label: 'CD3+ T cells',
          type: 'integer',
          required: true,
          min: 0,
          max: 100000,
          unit: 'cells/cm²',
          showIf: { field: 'done', equals: true },
          missingCodes: ['not_done'],
        },
        {
          id: 'cd20',
          label: 'CD20+ B cells',
          type: 'integer',
          required: true,
          min: 0,
          max: 100000,
          unit: 'cells/cm²',
          showIf: { field: 'done', equals: true },
          missingCodes: ['not_done'],
        },
      ],
    },
    {
      // Adverse events (ICH E6 / WMO; CCMO guidance on SAE reporting): a repeating form in the
      // `unscheduled` event, available at any time point. SAE reporting deadlines (7 days for fatal or
      // life-threatening, 15 days for other SAEs, counted from the day the investigator learned of it)
      // are computed in libs/safety, not stored here. Field ids are shared by all three studies.
      id: 'adverse_event',
      title: 'Adverse event',
      repeating: true,
      fields: [
        { id: 'term', label: 'Adverse event', type: 'text', required: true, maxLength: 200, critical: true },
        { id: 'onset', label: 'Onset date', type: 'date', required: true, critical: true, missingCodes: ['unknown'] },
        {
          id: 'severity',
          label: 'Severity',
          type: 'choice',
          required: true,
          options: [
            { code: 1, label: 'Mild' },
            { code: 2, label: 'Moderate' },
            { code: 3, label: 'Severe' },
          ],
        },
        {
          id: 'related',
          label: 'Relation to the surgery',
          type: 'choice',
          required: true,
          options: [
            { code: 1, label: 'Not related' },
            { code: 2, label: 'Unlikely' },
            { code: 3, label: 'Possibly' },
            { code: 4, label: 'Probably' },
            { code: 5, label: 'Definitely' },
          ],
        },
        { id: 'serious', label: 'Serious adverse event', type: 'boolean', required: true, critical: true },
        {
          id: 'sae_crit',
          label: 'Seriousness criteria',
          type: 'multichoice',
          required: true,
          options: [
            { code: 1, label: 'Death' },
            { code: 2, label: 'Life-threatening' },
            { code: 3, label: 'Hospitalisation or prolonged hospitalisation' },
            { code: 4, label: 'Persistent or significant disability' },
            { code: 5, label: 'Congenital anomaly' },
            { code: 6, label: 'Other important medical event' },
          ],
          showIf: { field: 'serious', equals: true },
          critical: true,
        },
        {
          id: 'sae_reported',
          label: 'Date reported to the sponsor',
          type: 'date',
          // Not required: an SAE is saved (and its alert raised) before it has been reported.
          required: false,
          showIf: { field: 'serious', equals: true },
          critical: true,
        },
        {
          id: 'ec_reported',
          label: 'Date reported to the ethics committee (ToetsingOnline)',
          type: 'date',
          required: false,
          showIf: { field: 'serious', equals: true },
          critical: true,
        },
        {
          id: 'expected',
          label: 'Expectedness',
          type: 'choice',
          required: true,
          options: [
            { code: 1, label: 'Expected (listed in the protocol or product information)' },
            { code: 2, label: 'Unexpected' },
          ],
          missingCodes: ['unknown'],
        },
        {
          id: 'action',
          label: 'Action taken',
          type: 'choice',
          required: true,
          options: [
            { code: 1, label: 'None' },
            { code: 2, label: 'Medication given' },
            { code: 3, label: 'Additional procedure or surgery' },
            { code: 4, label: 'Study treatment or follow-up stopped' },
            { code: 5, label: 'Other' },
          ],
        },
        {
          id: 'learned',
          label: 'Date the investigator learned of the event',
          type: 'date',
          required: true,
          showIf: { field: 'serious', equals: true },
          critical: true,
        },
        {
          id: 'outcome',
          label: 'Outcome',
          type: 'choice',
          required: true,
          options: [
            { code: 1, label: 'Recovered' },
            { code: 2, label: 'Recovering' },
            { code: 3, label: 'Not recovered' },
            { code: 4, label: 'Recovered with sequelae' },
            { code: 5, label: 'Fatal' },
          ],
          missingCodes: ['unknown'],
        },
        {
          id: 'end_date',
          label: 'Date recovered',
          type: 'date',
          required: true,
          showIf: { field: 'outcome', in: [1, 4] },
          missingCodes: ['unknown'],
        },
      ],
      checks: [
        { id: 'end_after_onset', severity: 'hard', message: 'Recovery date is before the onset date', rule: 'end_date >= onset' },
        { id: 'learned_after_onset', severity: 'hard', message: 'Learned of the event before its onset', rule: 'learned >= onset' },
        {
          id: 'reported_after_learned',
          severity: 'hard',
          message: 'SAE reported before the investigator learned of it',
          rule: 'sae_reported >= learned',
        },
        {
          id: 'ec_after_learned',
          severity: 'hard',
          message: 'Ethics committee report before the investigator learned of it',
          rule: 'ec_reported >= learned',
        },
      ],
    },
    {
      id: 'end_of_study',
      title: 'End of study',
      repeating: false,
      fields: [
        {
          id: 'status',
          label: 'Study end',
          type: 'choice',
          required: true,
          options: [
            { code: 1, label: 'Completed follow-up' },
            { code: 2, label: 'Withdrew consent' },
            { code: 3, label: 'Withdrawn by the investigator' },
            { code: 4, label: 'Lost to follow-up' },
            { code: 5, label: 'Died' },
          ],
          critical: true,
        },
        { id: 'date', label: 'Date of study end or last contact', type: 'date', required: true, critical: true },
        {
          id: 'reason',
          label: 'Main reason',
          type: 'choice',
          required: true,
          options: [
            { code: 1, label: 'Adverse event' },
            { code: 2, label: 'Insufficient effect' },
            { code: 3, label: 'Burden of participation' },
            { code: 4, label: 'Moved or other personal reasons' },
            { code: 5, label: 'Other' },
          ],
          showIf: { field: 'status', in: [2, 3] },
          missingCodes: ['unknown'],
        },
        { id: 'reason_text', label: 'Other reason', type: 'text', required: true, maxLength: 500, showIf: { field: 'reason', equals: 5 } },
        {
          id: 'keep_data',
          label: 'Data collected so far may be used',
          type: 'boolean',
          required: true,
          showIf: { field: 'status', equals: 2 },
          critical: true,
        },
      ],
      checks: [
        { id: 'after_enrolment', severity: 'hard', message: 'Study end is before the consent date', rule: 'date >= enrolment.consentDate' },
      ],
    },
  ],
  // Reminders on days 2 and 5 of a window, then weekly while it stays open: EIMICOR's follow-up windows
  // are 29 days long (±14 days), which would otherwise leave 22 days without a message (issue 13 item 6;
  // the protocol sets the windows, the reminder rhythm is the platform's retention rule).
  reminders: { reminderDays: [2, 5], maxGapDays: 7, coordinatorTaskDaysBeforeClose: 2 },
};
