/** What a casebook PDF shows; gathered by libs/crf, rendered by ./casebook. No contact details, ever. */
export interface CasebookField {
  id: string;
  label: string;
  /** The value as a reader sees it (option labels, units, missing-data codes spelled out); '' when blank. */
  value: string;
  verifiedAt: string | null;
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
