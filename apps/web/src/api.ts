declare const __API_BASE__: string;
const BASE = typeof __API_BASE__ === 'string' ? __API_BASE__ : '/api/v1';

export type Language = 'nl' | 'en';
export type Answer = number | string | number[];
export type Answers = Record<string, Record<string, Answer | null>>;

export interface Option {
  code: number;
  label: string;
  exclusive?: true;
}

export interface Item {
  id: string;
  label: string;
  type: 'choice' | 'multichoice' | 'integer' | 'date';
  options: Option[];
  min?: number;
  max?: number;
  group?: string;
  required: boolean;
  showIf?: { item: string; equals: number };
}

export interface Instrument {
  code: string;
  title: string;
  instructions?: string;
  items: Item[];
}

export interface Contact {
  name: string;
  email?: string;
  phone?: string;
  placeholder?: true;
}

export interface Portal {
  language: Language;
  study: string;
  eventId: string;
  closesAt: string;
  instruments: Instrument[];
  answers: Answers;
  studyTitle: string;
  timePoint: string;
  estimatedMinutes: number;
  contact: Contact;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: Array<{ field: string; message: string }> = [],
    readonly contact: Contact | null = null,
    /** The problem's other members (e.g. `timing`, `at`: why a questionnaire cannot be answered now). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown, keepalive = false): Promise<T> {
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    keepalive,
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data?.detail ?? res.statusText, data?.errors ?? [], data?.contact ?? null, data ?? {});
  return data as T;
}

const at = (token: string) => `/portal/${encodeURIComponent(token)}`;

export const portal = {
  open: (token: string, language?: Language) => call<Portal>('GET', `${at(token)}${language ? `?language=${language}` : ''}`),
  /** `keepalive`: still sent while the page closes (pagehide). */
  save: (token: string, answers: Answers, keepalive = false) =>
    call<{ answers: Answers }>('PUT', `${at(token)}/answers`, { answers }, keepalive),
  submit: (token: string, answers: Answers) => call<{ scores: unknown }>('POST', at(token), { answers }),
};
