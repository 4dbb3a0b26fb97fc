import { transitionRefusal } from './status';

describe('participant status transitions', () => {
  it('allows withdrawal from enrolled and randomised', () => {
    expect(transitionRefusal('enrolled', 'withdrawn', { randomised: false })).toBeNull();
    expect(transitionRefusal('randomised', 'withdrawn', { randomised: true })).toBeNull();
  });

  it('refuses any change after withdrawal or completion and says why', () => {
    expect(transitionRefusal('withdrawn', 'enrolled', { randomised: false })).toBe(
      'withdrawn is final; no further status change is allowed',
    );
    expect(transitionRefusal('completed', 'lost_to_follow_up', { randomised: true })).toMatch(/final/);
  });

  it('refuses entering randomised by hand from enrolled', () => {
    expect(transitionRefusal('enrolled', 'randomised', { randomised: false })).toMatch(/cannot go from enrolled to randomised/);
  });

  it('returns a found participant to the status they had', () => {
    expect(transitionRefusal('lost_to_follow_up', 'randomised', { randomised: true })).toBeNull();
    expect(transitionRefusal('lost_to_follow_up', 'randomised', { randomised: false })).toBe('participant was never randomised');
    expect(transitionRefusal('lost_to_follow_up', 'enrolled', { randomised: true })).toMatch(/returns to randomised/);
  });

  it('refuses a no-op change', () => {
    expect(transitionRefusal('enrolled', 'enrolled', { randomised: false })).toBe('participant is already enrolled');
  });
});
