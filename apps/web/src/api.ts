// The patient page's API client: the portal routes, anonymous (the link's token is the credential).
// Types come from the generated schema (api/schema.d.ts); failures reject with the shared ApiError.
import { ApiError, createApi, data, type Schemas } from './api/client';

export { ApiError };

export type Portal = Schemas['PortalQuestionnaireDto'];
export type Language = Portal['language'];
export type Instrument = Schemas['InstrumentDto'];
export type Item = Schemas['InstrumentItemDto'];
export type Option = Schemas['InstrumentOptionDto'];
export type Contact = Schemas['PortalContactDto'];

/** An answer as the page holds it (the document leaves the values of `answers` open). */
export type Answer = number | string | number[];
export type Answers = Record<string, Record<string, Answer | null>>;

const api = createApi({
  // Shown nowhere as text: a status of 0 puts up the page's own "something went wrong" with the contact.
  unreachable: () => 'The server cannot be reached.',
});

export const portal = {
  open: async (token: string, language?: Language) => {
    const p = await data(api.GET('/portal/{token}', { params: { path: { token }, query: language ? { language } : {} } }));
    return { ...p, answers: p.answers as Answers };
  },
  /** `keepalive`: still sent while the page closes (pagehide). */
  save: (token: string, answers: Answers, keepalive = false) =>
    data(api.PUT('/portal/{token}/answers', { params: { path: { token } }, body: { answers }, keepalive })),
  submit: (token: string, answers: Answers) => data(api.POST('/portal/{token}', { params: { path: { token } }, body: { answers } })),
};
