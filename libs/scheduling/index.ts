/** Scheduling: time points from a study schedule, the messages they call for, quiet hours, re-plans. */
export { SchedulingInputError } from './errors';
export { timePoints, windowState } from './time-points';
export type { TimePoint, TimePointInput, WindowState } from './time-points';
export { planMessages, messageKey } from './messages';
export type { MessageKind, MessagePlanInput, PlannableTimePoint, PlannedMessage } from './messages';
export { DEFAULT_QUIET_HOURS, deferForQuietHours, parseQuietHours } from './quiet-hours';
export type { QuietHours } from './quiet-hours';
export { reschedule } from './reschedule';
export type { MessageMove, RescheduleDiff } from './reschedule';
