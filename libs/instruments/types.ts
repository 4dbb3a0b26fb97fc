/**
 * The shape of an instrument definition. Definitions are plain, JSON-serialisable data: the scoring
 * function is named by `scoring`, never embedded, so that a definition can be cloned, translated and
 * served as it is.
 */

export type Language = 'nl' | 'en';
export type LocalisedText = Record<Language, string>;

export interface ResponseOption {
  code: number;
  label: LocalisedText;
  /** multichoice: this option cannot be combined with any other (e.g. "none"). */
  exclusive?: boolean;
}

export type ItemType = 'choice' | 'multichoice' | 'integer' | 'date';

export interface ItemDefinition {
  id: string;
  label: LocalisedText;
  /** choice: one code; multichoice: an array of codes; integer: a whole number in `range`; date: YYYY-MM-DD. */
  type: ItemType;
  options?: ResponseOption[];
  range?: { min: number; max: number };
  /** Items sharing a group are shown together on one screen of the patient questionnaire. */
  group?: string;
  /** The patient UI asks for an answer before moving on. Scoring still tolerates a missing answer. */
  required?: boolean;
  /** The item is asked (and may be answered) only when another item has the given code. */
  showIf?: { item: string; equals: number };
}

/** Names the scoring function of an instrument; see catalogue/scorers.ts. */
export type ScoringMethod = 'nrs' | 'odi' | 'ndi' | 'rmdq' | 'zcq' | 'gpe' | 'eq5d5l' | 'hads' | 'sbi' | 'licensedKey' | 'none';

/**
 * full: the platform ships the complete wording; descriptive: copyrighted, short labels only until a
 * site loads its licensed wording; site: wording was loaded from a site translation file.
 */
export type WordingSource = 'full' | 'descriptive' | 'site';

/** A licensed scoring key (Pain Coping Inventory): each scale is a list of items and a method. */
export interface ScoringKey {
  scales: ScaleDefinition[];
}

export interface ScaleDefinition {
  name: string;
  items: string[];
  method: 'sum' | 'mean';
  /** How many items may be missing before the scale is null. Default 0. A sum is prorated. */
  maxMissing?: number;
  /** Decimals a mean is rounded to (half up). Absent: not rounded. */
  decimals?: number;
}

export interface InstrumentDefinition {
  code: string;
  title: LocalisedText;
  languages: Language[];
  /** Copyrighted instruments carry descriptive labels until a site loads licensed wording. */
  copyrighted: boolean;
  wording: WordingSource;
  instructions?: LocalisedText;
  items: ItemDefinition[];
  scoring: ScoringMethod;
  /** Exactly the names of the `scores` object that `score` returns, in this order. */
  scoreNames: string[];
  /** Only for `scoring: 'licensedKey'`, once a site has loaded its key. */
  scoringKey?: ScoringKey;
  /**
   * Other wordings of the same items, chosen by a study's time point (`wording` in its schedule):
   * `now` asks about this moment instead of the past week (NRS 30 minutes after an injection). Codes,
   * validation and scoring are the instrument's own; only the texts change.
   */
  variants?: Partial<Record<WordingVariant, WordingVariantTexts>>;
}

export type WordingVariant = 'now';

export interface WordingVariantTexts {
  title?: LocalisedText;
  /** Item id → the item's text in this variant. */
  items: Record<string, LocalisedText>;
}

/** An answer as it arrives: a code, a number, a date string, codes of a multichoice; null/absent = missing. */
export type AnswerValue = number | string | number[] | null | undefined;
export type Answers = Record<string, AnswerValue>;

/** Answers after validation: only the answered items, each of the type its item declares. */
export type ValidAnswers = Record<string, number | string | number[]>;

export type ScoreValue = number | string | boolean | null;

export interface ScoreResult {
  scores: Record<string, ScoreValue>;
  /** One entry per null score, saying why it could not be computed. */
  reasons: Record<string, string>;
}

export type Scorer = (answers: ValidAnswers, def: InstrumentDefinition) => ScoreResult;
