import type { ShowIf } from './types';
import { hasNoData, jsonEqual, show } from './json';

/**
 * Whether a showIf condition holds for the controlling field's value. A blank or missing-data
 * controller hides the field. For a multichoice controller, `equals: 3` means "3 is among the chosen
 * codes" and `in: [3, 4]` means "3 or 4 is among them".
 */
export function showIfHolds(showIf: ShowIf, controllerValue: unknown): boolean {
  if (hasNoData(controllerValue)) return false;
  const matches = (candidate: unknown): boolean =>
    Array.isArray(controllerValue) && !Array.isArray(candidate)
      ? controllerValue.some((item) => jsonEqual(item, candidate))
      : jsonEqual(controllerValue, candidate);
  return 'in' in showIf ? showIf.in.some(matches) : matches(showIf.equals);
}

/** The error for a value sent to a hidden field: "hidden by branching: smoker is not true". */
export function hiddenMessage(showIf: ShowIf): string {
  const expected = 'in' in showIf ? `one of ${showIf.in.map(show).join(', ')}` : show(showIf.equals);
  return `hidden by branching: ${showIf.field} is not ${expected}`;
}
