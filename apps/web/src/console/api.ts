// The console's API client: bearer token in memory and sessionStorage (gone when the tab closes),
// RFC 9457 problems turned into ApiError, and the response shapes the console reads.
declare const __API_BASE__: string;
const BASE = typeof __API_BASE__ === 'string' ? __API_BASE__ : '/api/v1';
const KEY = 'trialdata.console.token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let token: string | null = readStored();
const listeners = new Set<() => void>();

function readStored(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function currentToken(): string | null {
  return token;
}

export function setToken(value: string | null): void {
  token = value;
  try {
    if (value) sessionStorage.setItem(KEY, value);
    else sessionStorage.removeItem(KEY);
  } catch {
    /* storage unavailable (private mode): memory only */
  }
}

/** Called when the API answers 401 to a signed-in call: the session has expired. */
export function onSignedOut(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

async function send(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(`${BASE}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'The server cannot be reached. Check your connection and try again.');
  }
  if (!res.ok) {
    const data = (await res.json().catch(() => null)) as { detail?: string } | null;
    if (res.status === 401 && token && path !== '/auth/login') {
      setToken(null);
      listeners.forEach((l) => l());
    }
    throw new ApiError(res.status, data?.detail ?? (res.statusText || `HTTP ${res.status}`));
  }
  return res;
}

export async function get<T>(path: string): Promise<T> {
  return (await (await send('GET', path)).json()) as T;
}

export async function post<T>(path: string, body: unknown): Promise<T> {
  return (await (await send('POST', path, body)).json()) as T;
}

/** A file the API serves behind the bearer token, handed to the browser as a download. */
export async function download(path: string, fileName: string): Promise<void> {
  const blob = await (await send('GET', path)).blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function login(email: string, password: string): Promise<void> {
  const r = await post<{ accessToken: string }>('/auth/login', { email, password });
  setToken(r.accessToken);
}

export const enc = encodeURIComponent;

// ----- shapes (docs/openapi.json and the services behind it) -----

export type Role = 'admin' | 'data_manager' | 'coordinator' | 'investigator' | 'monitor' | 'statistician';

export interface Me {
  id: string;
  email: string;
  name?: string;
  isAdmin: boolean;
  memberships: Array<{ study: string; role: Role; siteCode: string | null }>;
}

export interface StudySummary {
  code: string;
  title: string;
  design: 'rct' | 'cohort';
  status: string;
  registration: string | null;
  target: number | null;
}

export interface Recruitment {
  study: string;
  target: number | null;
  months: string[];
  sites: Array<{
    siteCode: string;
    target: number | null;
    enrolled: number;
    randomised: number;
    progress: number | null;
    months: Array<{ month: string; enrolled: number; cumulative: number }>;
  }>;
}

export interface Screening {
  sites: Array<{ siteCode: string; screened: number; eligible: number; enrolled: number }>;
  failures: Record<string, number>;
}

export interface Criterion {
  id: string;
  kind: 'inclusion' | 'exclusion';
  text: string;
}

export interface DueQuestionnaire {
  questionnaireId: string;
  participantId: string;
  label: string;
  siteCode: string;
  eventId: string;
  opensAt: string;
  dueAt: string;
  closesAt: string;
  startedAt: string | null;
}

export interface Completion {
  eventId: string;
  scheduled: number;
  open: number;
  completed: number;
  missed: number;
  rate: number | null;
}

export interface Query {
  id: string;
  participantId: string;
  participantLabel: string;
  siteCode: string;
  eventId: string;
  formId: string;
  instance: number;
  field: string;
  status: 'open' | 'answered' | 'closed';
  openedAt: string;
  ageDays: number;
  messages: Array<{ text?: string; at?: string; kind?: string }>;
}

export interface Task {
  id: string;
  questionnaireId: string;
  participantId: string;
  label: string;
  siteCode: string;
  eventId: string;
  closesAt: string;
  status: 'open' | 'done';
  createdAt: string;
  doneAt: string | null;
}

export interface Participant {
  id: string;
  label: string;
  study: string;
  siteCode: string;
  status: string;
  statusReason: string | null;
  arm: string | null;
  cohort: string | null;
  birthYear: number;
  sex: string;
  consent: { date: string; version: string };
  enrolledAt: string;
  plannedAnchorDate: string | null;
  anchorDate: string | null;
  hasContact: boolean;
}

export interface ScheduleEvent {
  eventId: string;
  title: string;
  offsetDays: number;
  windowBefore: number;
  windowAfter: number;
  forms: string[];
  instruments: string[];
  dueAt: string | null;
  opensAt: string | null;
  closesAt: string | null;
  state: string;
}

export interface ParticipantDetail extends Participant {
  schedule: ScheduleEvent[];
}

export interface Message {
  kind: 'invitation' | 'reminder' | 'coordinator_task';
  number: number;
  sendAt: string;
  state: string;
  sentAt: string | null;
  channel: string | null;
  reason: string | null;
}

export interface ParticipantQuestionnaire {
  id: string;
  eventId: string;
  instruments: string[];
  mode: 'remote' | 'clinic';
  opensAt: string;
  dueAt: string;
  closesAt: string;
  status: string;
  startedAt: string | null;
  submittedAt: string | null;
  entryMode: string | null;
  messages: Message[];
}

export interface Contact {
  email?: string;
  phone?: string;
  language?: string;
}

export interface Dataset {
  id: string;
  study: string;
  version: number;
  kind: 'lock' | 'interim';
  reason: string;
  status: 'building' | 'ready' | 'failed';
  progress: number;
  createdAt: string;
  completedAt: string | null;
  participants: number | null;
  files: Array<{ name: string; bytes: number; sha256: string }>;
  sha256: string | null;
  error: string | null;
}

export interface Coefficient {
  term: string;
  estimate: number;
  se: number;
  z: number;
  p: number;
  lower: number;
  upper: number;
  ratio: number;
  ratioLower: number;
  ratioUpper: number;
}

export interface ModelResult {
  model: 'logistic' | 'cox';
  method?: string;
  n: number;
  events: number;
  ties?: string;
  coefficients: Coefficient[];
  tests: Record<'lr' | 'wald' | 'score', { statistic: number; df: number; p: number }>;
  concordance: { estimate: number; se: number };
  converged: boolean;
  warnings: string[];
  validation?: { B: number; indexes: Array<{ name: string; apparent: number; optimism: number; corrected: number }> };
  phTest?: { terms: Array<{ term: string; chisq: number; df: number; p: number }>; global: { chisq: number; df: number; p: number } };
  baselineSurvival?: Array<{ time: number; survival: number; stratum?: string }>;
}

export interface ModelStatus {
  id: string;
  datasetId: string;
  study: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  spec: Record<string, unknown>;
  result?: ModelResult;
  error?: string;
  report: boolean;
  createdAt: string;
}

export interface ModelFigures {
  id: string;
  model: 'logistic' | 'cox';
  calibrationCurve?: Array<{ predicted: number; observed: number }>;
  groupedCalibration?: {
    time: number;
    groups: Array<{ predicted: number; observed: number; lower: number | null; upper: number | null; n: number }>;
  };
  riskGroups?: Array<{ label: string; n: number; events: number; steps: Array<{ time: number; survival: number }> }>;
}
