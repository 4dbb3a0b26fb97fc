import { PreparedTexts } from './preparing-client';

describe('PreparedTexts', () => {
  it('names a text from its second run on, the same name every time after', () => {
    const texts = new PreparedTexts();
    const sql = 'SELECT 1 WHERE $1::int = 1';
    expect(texts.nameFor(sql)).toBeUndefined();
    const name = texts.nameFor(sql);
    expect(name).toMatch(/^td_[0-9a-f]{24}$/);
    expect(texts.nameFor(sql)).toBe(name);
    expect(texts.nameFor('SELECT 2 WHERE $1::int = 1')).toBeUndefined();
    expect(texts.size).toBe(1);
  });

  it('prepares at most `limit` texts; later ones stay unprepared', () => {
    const texts = new PreparedTexts(2);
    for (const t of ['a $1', 'b $1', 'c $1']) {
      texts.nameFor(t);
      texts.nameFor(t);
    }
    expect(texts.size).toBe(2);
    expect(texts.nameFor('a $1')).toBeDefined();
    expect(texts.nameFor('c $1')).toBeUndefined();
    expect(texts.nameFor('c $1')).toBeUndefined();
  });

  it('never prepares a refused text again', () => {
    const texts = new PreparedTexts();
    texts.nameFor('x $1');
    expect(texts.nameFor('x $1')).toBeDefined();
    texts.refuse('x $1');
    expect(texts.nameFor('x $1')).toBeUndefined();
    expect(texts.nameFor('x $1')).toBeUndefined();
    expect(texts.size).toBe(0);
  });
});
