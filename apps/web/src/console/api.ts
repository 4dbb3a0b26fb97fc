// The console's API client: the bearer token in memory and in localStorage with its expiry (so that a
// session survives a reload and a new tab, and signing out in one tab signs out all of them), RFC 9457
// problems turned into ApiError, and the response shapes the console reads.
import { trNow } from './i18n';

declare const __API_BASE__: string;
const BASE = typeof __API_BASE__ === 'string' ? __API_BASE__ : '/api/v1';
const KEY = 'trialdata.console.session';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The whole RFC 9457 problem body (field errors, the current version on a conflict, …). */
    readonly problem: Record<string, unknown> | null = null,
  ) {
    super(message);
  }
}

interface Stored {
  token: string;
  /** Epoch milliseconds after which the token is refused. */
  expiresAt: number;
}

let session: Stored | null = readStored();
const listeners = new Set<() => void>();
const changeListeners = new Set<(signedIn: boolean) => void>();
let expiryTimer: ReturnType<typeof setTimeout> | undefined;

function parse(raw: string | null): Stored | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<Stored>;
    if (typeof v.token === 'string' && typeof v.expiresAt === 'number' && v.expiresAt > Date.now()) return v as Stored;
  } catch {
    /* not ours */
  }
  return null;
}

function readStored(): Stored | null {
  try {
    const v = parse(localStorage.getItem(KEY));
    if (!v) localStorage.removeItem(KEY);
    return v;
  } catch {
    return null;
  }
}

function ended(): void {
  session = null;
  try {
    localStorage.removeItem(KEY);
  } catch {
    /* memory only */
  }
  listeners.forEach((l) => l());
}

function armExpiry(): void {
  clearTimeout(expiryTimer);
  if (!session) return;
  // setTimeout holds at most ~24.8 days; a longer session is re-armed when it fires.
  const wait = Math.min(session.expiresAt - Date.now(), 2 ** 31 - 1);
  expiryTimer = setTimeout(
    () => {
      if (session && session.expiresAt <= Date.now()) ended();
      else armExpiry();
    },
    Math.max(0, wait),
  );
}
armExpiry();

// Another tab signed in or out: follow it.
if (typeof window !== 'undefined')
  window.addEventListener('storage', (e) => {
    if (e.key !== KEY && e.key !== null) return;
    const next = parse(e.key === null ? null : e.newValue);
    const was = session?.token ?? null;
    session = next;
    armExpiry();
    if ((next?.token ?? null) !== was) changeListeners.forEach((l) => l(next !== null));
  });

export function currentToken(): string | null {
  if (session && session.expiresAt <= Date.now()) {
    // Expired (a sleeping laptop's timer may not have fired yet): the console is told right after.
    clearTimeout(expiryTimer);
    expiryTimer = setTimeout(ended, 0);
    return null;
  }
  return session?.token ?? null;
}

/** Keeps (or, with null, forgets) the session; `expiresIn` in seconds (default 8 hours). */
export function setToken(value: string | null, expiresIn = 8 * 3600): void {
  session = value ? { token: value, expiresAt: Date.now() + expiresIn * 1000 } : null;
  try {
    if (session) localStorage.setItem(KEY, JSON.stringify(session));
    else localStorage.removeItem(KEY);
  } catch {
    /* storage unavailable (private mode): memory only */
  }
  armExpiry();
}

/** Called when another tab signs in (true) or out (false). */
export function onSessionChange(fn: (signedIn: boolean) => void): () => void {
  changeListeners.add(fn);
  return () => changeListeners.delete(fn);
}

/** Called when the session ends on its own: the API answered 401 to a signed-in call, or it expired. */
export function onSignedOut(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

async function send(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = currentToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(`${BASE}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(
      0,
      trNow(
        'The server cannot be reached. Check your connection and try again.',
        'De server is niet bereikbaar. Controleer uw verbinding en probeer het opnieuw.',
      ),
    );
  }
  if (!res.ok) {
    const data = (await res.json().catch(() => null)) as ({ detail?: string } & Record<string, unknown>) | null;
    if (res.status === 401 && token && path !== '/auth/login' && session?.token === token) ended();
    throw new ApiError(res.status, data?.detail ?? (res.statusText || `HTTP ${res.status}`), data);
  }
  return res;
}

export async function get<T>(path: string): Promise<T> {
  return (await (await send('GET', path)).json()) as T;
}

export async function post<T>(path: string, body: unknown): Promise<T> {
  return readJson<T>(await send('POST', path, body));
}

export async function put<T>(path: string, body: unknown): Promise<T> {
  return readJson<T>(await send('PUT', path, body));
}

export async function patch<T>(path: string, body: unknown): Promise<T> {
  return readJson<T>(await send('PATCH', path, body));
}

async function readJson<T>(res: Response): Promise<T> {
  const text = await res.text();
  return (text ? JSON.parse(text) : null) as T;
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
  const r = await post<{ accessToken: string; expiresIn?: number }>('/auth/login', { email, password });
  setToken(r.accessToken, r.expiresIn);
}

export const enc = encodeURIComponent;

// ----- shapes (docs/openapi.json and the services behind it) -----

export type Role = 'admin' | 'data_manager' | 'coordinator' | 'investigator' | 'monitor' | 'statistician' | 'reader';

export interface Me {
  id: string;
  email: string;
  name?: string;
  isAdmin: boolean;
  memberships: Array<{ study: string; role: Role; siteCode: string | null }>;
  /** Per study, the actions of the API's permission table that the user may take there. */
  permissions: Record<string, string[]>;
}

export interface StudySummary {
  code: string;
  title: string;
  design: 'rct' | 'cohort';
  /** `locked` while a database lock holds (writes are refused). */
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

/** GET /datasets/{id}/variables: a data.csv column with its dictionary label. */
export interface DatasetVariable {
  name: string;
  label: string;
  form: string | null;
  type: string;
  numeric: boolean;
  choices: Array<{ code: number; label: string }>;
}

/** GET /studies/{study}/models. */
export interface ModelListItem {
  id: string;
  datasetId: string;
  datasetVersion: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  spec: Record<string, unknown>;
  error: string | null;
  createdAt: string;
}

/** GET /sites. */
export interface Site {
  code: string;
  name: string;
  country: string;
}

/** GET /studies/{study}/sites. */
export interface StudySite {
  siteCode: string;
  name: string;
  country: string;
  target: number | null;
  enrolled: number;
}

/** GET /users (platform admin). */
export interface UserRow {
  id: string;
  email: string;
  name: string;
  active: boolean;
  isAdmin: boolean;
  createdAt: string;
  memberships: Array<{ study: string; role: Role; siteCode: string | null }>;
  invitation: { state: 'pending' | 'used' | 'expired' | 'revoked'; expiresAt: string; usedAt: string | null } | null;
}

/** POST /users/invitations, POST /users/{id}/invitation. */
export interface IssuedInvitation {
  userId: string;
  email: string;
  name: string;
  expiresAt: string;
  link: string;
  emailed: boolean;
}
