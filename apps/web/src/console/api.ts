// The console's API client: openapi-fetch typed by the generated schema (../api/schema.d.ts) with the
// bearer token in memory and in localStorage with its expiry (so that a session survives a reload and a
// new tab, and signing out in one tab signs out all of them); RFC 9457 problems reject with the shared
// ApiError. The response shapes the console reads are the document's (components['schemas']).
import type { Middleware } from 'openapi-fetch';
import { ApiError, createApi, data, type paths, type Schemas } from '../api/client';
import { trNow } from './i18n';

export { ApiError, data };
const KEY = 'trialdata.console.session';

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

/** The bearer token on every call; a 401 to a signed-in call (not a sign-in) ends the session. */
const bearer: Middleware = {
  onRequest({ request }) {
    const token = currentToken();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ request, response, schemaPath }) {
    const sent = request.headers.get('authorization')?.replace(/^Bearer /, '') ?? null;
    if (response.status === 401 && sent && schemaPath !== '/auth/login' && session?.token === sent) ended();
    return undefined;
  },
};

/** The API, typed by docs/openapi.json: `await data(api.GET('/studies/{study}', { params: { path: { study } } }))`. */
export const api = createApi({
  unreachable: () =>
    trNow(
      'The server cannot be reached. Check your connection and try again.',
      'De server is niet bereikbaar. Controleer uw verbinding en probeer het opnieuw.',
    ),
  middleware: [bearer],
});

/**
 * A file the API serves behind the bearer token, handed to the browser as a download:
 * `download(api.GET('/datasets/{id}/zip', { params: { path: { id } }, parseAs: 'blob' }), name)`.
 */
export async function download(call: Promise<{ data?: Blob; response: Response }>, fileName: string): Promise<void> {
  const blob = await data(call);
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
  const r = await data(api.POST('/auth/login', { body: { email, password } }));
  setToken(r.accessToken, r.expiresIn);
}

export const enc = encodeURIComponent;

// ----- shapes: the document's (docs/openapi.json → ../api/schema.d.ts) -----

export type { Schemas, paths };
export type Role = Schemas['MembershipDto']['role'];
export type Me = Schemas['MeDto'];
export type StudySummary = Schemas['StudyListItemDto'];
export type StudyDetail = Schemas['StudyDetailDto'];
export type Recruitment = Schemas['RecruitmentDto'];
export type Screening = Schemas['ScreeningDto'];
export type Criterion = Schemas['EligibilityCriterionDto'];
export type DueQuestionnaire = Schemas['DueQuestionnaireDto'];
export type Completion = Schemas['CompletionDto'];
export type Query = Schemas['FormQueryDto'];
export type Task = Schemas['CoordinatorTaskDto'];
export type Participant = Schemas['ParticipantDto'];
export type ScheduleEvent = Schemas['ScheduleEntryDto'];
export type ParticipantDetail = Schemas['ParticipantDetailDto'];
export type Message = Schemas['MessageDto'];
export type ParticipantQuestionnaire = Schemas['ParticipantQuestionnaireDto'];
export type Contact = Schemas['ParticipantContactDto'];
export type Dataset = Schemas['DatasetDto'];
export type ModelStatus = Schemas['ModelStatusDto'];
export type ModelFigures = Schemas['ModelFiguresDto'];
export type DatasetVariable = Schemas['DatasetVariableDto'];
export type ModelListItem = Schemas['ModelListItemDto'];
export type Site = Schemas['SiteDto'];
export type StudySite = Schemas['StudySiteDto'];
export type UserRow = Schemas['UserListItemDto'];
export type IssuedInvitation = Schemas['IssuedInvitationDto'];

export type Coefficient = Schemas['CoefficientDto'];
export type ModelResult = Schemas['ModelResultDto'];

/** The fit result of a finished model. */
export const modelResult = (m: ModelStatus): ModelResult | undefined => m.result;

/** The actions a user may take in a study (MeDto.permissions: study → actions). */
export const permissionsIn = (me: Me, study: string): string[] => {
  const list = me.permissions[study];
  return Array.isArray(list) ? list.filter((a): a is string => typeof a === 'string') : [];
};
