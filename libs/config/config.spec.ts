import { loadConfig } from './index';

const valid = { JWT_SECRET: 'x'.repeat(32), DATA_KEY: Buffer.alloc(32, 7).toString('base64') };

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig(valid);
    expect(c.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/trialdata');
    expect(c.redis.url).toBe('redis://127.0.0.1:6379');
    expect(c.port).toBe(3000);
    expect(c.quietHours).toBe('21:00-08:00');
    expect(c.dataKey).toHaveLength(32);
  });

  it('names a missing required variable in one line', () => {
    expect(() => loadConfig({ DATA_KEY: valid.DATA_KEY })).toThrow('Configuration error: JWT_SECRET is required');
  });

  it('refuses a data key that is not 32 bytes of base64', () => {
    expect(() => loadConfig({ ...valid, DATA_KEY: 'c2hvcnQ=' })).toThrow(
      /^Configuration error: DATA_KEY must be a base64-encoded 32-byte key/,
    );
  });

  it('refuses a malformed port and quiet hours', () => {
    expect(() => loadConfig({ ...valid, PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ ...valid, QUIET_HOURS: '9pm-8am' })).toThrow(/QUIET_HOURS must be HH:MM-HH:MM or off/);
    expect(loadConfig({ ...valid, QUIET_HOURS: 'off' }).quietHours).toBe('off');
  });

  it('needs ADMIN_PASSWORD with ADMIN_EMAIL', () => {
    expect(() => loadConfig({ ...valid, ADMIN_EMAIL: 'a@b.nl' })).toThrow(
      'Configuration error: ADMIN_PASSWORD is required when the other is set',
    );
  });

  it('takes the sender address from MAIL_FROM, validated, with a default from PUBLIC_URL', () => {
    expect(loadConfig({ ...valid, PUBLIC_URL: 'https://trial.example.org' }).mailFrom).toBe('trialdata <no-reply@trial.example.org>');
    expect(loadConfig({ ...valid, MAIL_FROM: 'TEIAS study <teias@lumc.example.nl>' }).mailFrom).toBe('TEIAS study <teias@lumc.example.nl>');
    expect(loadConfig({ ...valid, MAIL_FROM: 'teias@lumc.example.nl' }).mailFrom).toBe('teias@lumc.example.nl');
    expect(() => loadConfig({ ...valid, MAIL_FROM: 'not an address' })).toThrow(/MAIL_FROM must be an email address/);
  });
});
