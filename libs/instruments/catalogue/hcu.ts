/** Healthcare use: a platform form with full wording and no score; its answers are exported as variables. */
import { InstrumentDefinition, Scorer } from '../types';
import { BOTH_LANGUAGES, choiceItem, text } from './build';

const PERIOD = text('sinds de vorige vragenlijst', 'since the previous questionnaire');

export const HCU: InstrumentDefinition = {
  code: 'HCU',
  title: text('Zorggebruik', 'Healthcare use'),
  languages: BOTH_LANGUAGES,
  copyrighted: false,
  wording: 'full',
  instructions: text(
    `De volgende vragen gaan over de zorg die u ${PERIOD.nl} heeft gebruikt voor uw klachten.`,
    `The following questions are about the care you have used for your symptoms ${PERIOD.en}.`,
  ),
  items: [
    {
      id: 'analgesics',
      label: text(
        'Welke pijnstillers heeft u gebruikt? (meerdere antwoorden mogelijk)',
        'Which painkillers have you used? (more than one answer possible)',
      ),
      type: 'multichoice',
      options: [
        { code: 0, label: text('Geen', 'None'), exclusive: true },
        { code: 1, label: text('Paracetamol', 'Paracetamol') },
        { code: 2, label: text('NSAID (bijv. ibuprofen, diclofenac, naproxen)', 'NSAID (e.g. ibuprofen, diclofenac, naproxen)') },
        { code: 3, label: text('Opioïd (bijv. tramadol, oxycodon, morfine)', 'Opioid (e.g. tramadol, oxycodone, morphine)') },
      ],
      group: 'hcu',
      required: true,
    },
    {
      id: 'injections',
      label: text(
        'Hoeveel extra injecties voor uw klachten heeft u gekregen (naast die van het onderzoek)?',
        'How many extra injections for your symptoms have you had (besides those of the study)?',
      ),
      type: 'integer',
      range: { min: 0, max: 20 },
      group: 'hcu',
      required: true,
    },
    choiceItem(
      'surgery',
      text('Bent u geopereerd voor uw klachten?', 'Have you had surgery for your symptoms?'),
      [
        { code: 0, label: text('Nee', 'No') },
        { code: 1, label: text('Ja', 'Yes') },
      ],
      { group: 'hcu' },
    ),
    {
      id: 'surgeryDate',
      label: text('Datum van de operatie', 'Date of surgery'),
      type: 'date',
      group: 'hcu',
      required: true,
      showIf: { item: 'surgery', equals: 1 },
    },
    {
      id: 'physio',
      label: text('Hoeveel keer bent u bij de fysiotherapeut geweest?', 'How many physiotherapy sessions have you had?'),
      type: 'integer',
      range: { min: 0, max: 200 },
      group: 'hcu',
      required: true,
    },
    {
      id: 'workAbsence',
      label: text(
        'Hoeveel dagen bent u door uw klachten niet naar uw werk geweest? (leeg laten als u geen betaald werk heeft)',
        'On how many days were you absent from work because of your symptoms? (leave empty if you have no paid work)',
      ),
      type: 'integer',
      range: { min: 0, max: 366 },
      group: 'hcu',
      required: false,
    },
  ],
  scoring: 'none',
  scoreNames: [],
};

export const scoreNothing: Scorer = () => ({ scores: {}, reasons: {} });
