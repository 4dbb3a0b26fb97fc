import { escapeAttribute, escapeText } from './odm';

/** The escapes as written before their one-test fast path: both replaces on every value. */
const INVALID =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ATTR: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };
const TEXT: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const attribute = (v: string) => v.replace(INVALID, '').replace(/[&<>"\t\n\r]/g, (c) => ATTR[c]);
const text = (v: string) => v.replace(INVALID, '').replace(/[&<>\r]/g, (c) => TEXT[c]);

describe('ODM escapes', () => {
  it('equal the two replaces for 20,000 random values (markup, control characters, surrogates, non-characters)', () => {
    const alphabet = [
      'a',
      '1',
      ' ',
      'é',
      '日',
      '&',
      '<',
      '>',
      '"',
      "'",
      '\t',
      '\n',
      '\r',
      '\u0000',
      '\u0001',
      '\u000B',
      '\u001F',
      '\u007F',
      '\uFFFE',
      '\uFFFF',
      '\uD83E',
      '\uDE7A',
      '🩺',
      '',
    ];
    let s = 7;
    const next = (n: number) => (s = (s * 1103515245 + 12345) % 2147483648) % n;
    for (let t = 0; t < 20_000; t++) {
      const v = Array.from({ length: next(8) }, () => alphabet[next(alphabet.length)]).join('');
      expect(escapeAttribute(v), JSON.stringify(v)).toBe(attribute(v));
      expect(escapeText(v), JSON.stringify(v)).toBe(text(v));
    }
  });

  it('leave plain values as they are, and keep tabs and line feeds in text only', () => {
    expect(escapeAttribute('I.F.visit1.height')).toBe('I.F.visit1.height');
    expect(escapeText('{"seq":1,"to":"x"}')).toBe('{"seq":1,"to":"x"}');
    expect(escapeText('a\tb\nc\rd')).toBe('a\tb\nc&#13;d');
    expect(escapeAttribute('a\tb\nc\rd"')).toBe('a&#9;b&#10;c&#13;d&quot;');
    expect(escapeText('pair 🩺, lone \uD83E.')).toBe('pair 🩺, lone .');
  });
});
