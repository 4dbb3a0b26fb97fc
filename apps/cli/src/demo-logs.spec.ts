import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { routeLogs, terminalLine } from './demo-logs';

describe('the demo terminal', () => {
  it('leaves info request lines to the log file', () => {
    const line = JSON.stringify({
      level: 30,
      req: { method: 'GET', url: '/api/v1/studies' },
      res: { statusCode: 200 },
      msg: 'request completed',
    });
    expect(terminalLine('api', line)).toBeNull();
  });

  it('shows warnings and errors in one short line', () => {
    const warn = JSON.stringify({ level: 40, msg: 'APP is using a superuser' });
    expect(terminalLine('worker', warn)).toBe('[worker] WARN APP is using a superuser');
    const failed = JSON.stringify({
      level: 50,
      req: { method: 'POST', url: '/api/v1/portal/[token]' },
      res: { statusCode: 500 },
      err: { message: 'boom' },
      msg: 'request errored',
    });
    expect(terminalLine('api', failed)).toBe('[api] ERROR POST /api/v1/portal/[token] → 500 request errored (boom)');
  });

  it('always shows lines that are not pino JSON', () => {
    expect(terminalLine('api', 'Configuration error: JWT_SECRET is required')).toBe('[api] Configuration error: JWT_SECRET is required');
    expect(terminalLine('api', '42')).toBe('[api] 42');
    expect(terminalLine('api', '   ')).toBeNull();
  });

  it('writes every line of a child to the file and only warnings to the terminal', async () => {
    const script = [
      `console.log(JSON.stringify({ level: 30, msg: 'quiet' }))`,
      `console.log(JSON.stringify({ level: 40, msg: 'loud' }))`,
      `console.error('plain stderr')`,
    ].join(';');
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const file = new PassThrough();
    const terminal = new PassThrough();
    let fileText = '';
    let terminalText = '';
    file.on('data', (b: Buffer) => (fileText += b.toString()));
    terminal.on('data', (b: Buffer) => (terminalText += b.toString()));
    routeLogs('api', child, file, terminal);
    await new Promise((r) => child.once('close', r));
    expect(fileText.split('\n').filter(Boolean)).toHaveLength(3);
    expect(terminalText.split('\n').filter(Boolean).sort()).toEqual(['[api] WARN loud', '[api] plain stderr']);
  });
});
