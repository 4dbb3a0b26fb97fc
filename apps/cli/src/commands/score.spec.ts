import { scoreCommand } from './score';

function run(args: string[]) {
  let out = '';
  const err: string[] = [];
  const code = scoreCommand(args, { out: (t) => (out += t), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('trial score', () => {
  it('scores answers as the API does', () => {
    const r = run(['ODI', '--answers', '{"odi1":2,"odi2":1,"odi3":3,"odi4":2,"odi5":2,"odi6":1,"odi7":1,"odi9":2,"odi10":1}']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ scores: { score: 33.3, band: 'moderate' }, reasons: {} });
  });

  it('prints NA with the reason in text format', () => {
    const r = run(['EQ5D5L', '--answers', '{"MO":1}', '--format', 'text']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^index\tNA \(.+\)$/m);
  });

  it('names each bad item, and refuses an unknown instrument or missing answers', () => {
    expect(run(['ODI', '--answers', '{"odi1":9}']).err).toEqual([expect.stringMatching(/^odi1: /)]);
    expect(run(['NOPE', '--answers', '{}']).code).toBe(1);
    expect(run(['ODI']).code).toBe(2);
  });
});
