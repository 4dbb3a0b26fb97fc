/** What a casebook PDF shows; gathered by libs/crf, rendered by ./casebook. No contact details, ever. */
export interface CasebookField {
  id: string;
  label: string;
  /** The value as a reader sees it (option labels, units, missing-data codes spelled out); '' when blank. */
  value: string;
  verifiedAt: string | null;
}

/** One change of a form instance, from the audit trail: a field's value, or the form's status. */
export interface CasebookChange {
  at: string;
  /** Printed name of whoever saved the change ('system' when no user). */
  by: string;
  /** Plain field id; null for a status change. */
  field: string | null;
  /** Field label, or 'Status'. */
  label: string;
  /** Values as a reader sees them (labels, units, missing-data codes spelled out); '' when blank. */
  from: string;
  to: string;
  reason: string | null;
}

export interface CasebookData {
  study: { code: string; title: string };
  participant: {
    label: string;
    siteCode: string;
    status: string;
    arm: string | null;
    cohort: string | null;
    enrolledAt: string;
    anchorDate: string | null;
  };
  generatedAt: string;
  forms: Array<{
    eventId: string;
    eventTitle: string;
    formId: string;
    title: string;
    instance: number;
    repeating: boolean;
    status: string;
    version: number;
    updatedAt: string;
    fields: CasebookField[];
    /** Every change since the first save, oldest first (the form's audit rows). */
    history: CasebookChange[];
  }>;
  queries: Array<{
    form: string;
    field: string;
    status: string;
    openedAt: string;
    messages: Array<{ kind: string; by: string; at: string; text: string }>;
  }>;
  signatures: Array<{
    scope: string;
    target: string;
    printedName: string;
    meaning: string;
    signedAt: string;
    status: string;
    voidedAt: string | null;
    voidedBecause: string | null;
  }>;
}
