import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getInstrument, useSiteWording } from '@trialdata/instruments';
import { loadAppDatabaseUrl, loadAuditSettings, loadConfig } from './index';

import { randomBytes } from 'node:crypto';

const valid = { JWT_SECRET: randomBytes(32).toString('hex'), DATA_KEY: randomBytes(32).toString('base64') };

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig(valid);
    expect(c.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/trialdata');
    expect(c.redis.url).toBe('redis://127.0.0.1:6379');
    expect(c.port).toBe(3000);
    expect(c.quietHours).toBe('21:00-08:00');
    expect(c.dataKey).toHaveLength(32);
  });

  it('connects the app as APP_DATABASE_URL when set, and keeps DATABASE_URL for migrations', () => {
    const owner = 'postgres://postgres@db:5432/trialdata';
    const app = 'postgres://trialdata_app:secret@db:5432/trialdata';
    expect(loadConfig({ ...valid, DATABASE_URL: owner })).toMatchObject({ databaseUrl: owner, ownerDatabaseUrl: owner, appRole: false });
    expect(loadConfig({ ...valid, DATABASE_URL: owner, APP_DATABASE_URL: app })).toMatchObject({
      databaseUrl: app,
      ownerDatabaseUrl: owner,
      appRole: true,
    });
    expect(loadAppDatabaseUrl({ APP_DATABASE_URL: app })).toBe(app);
    expect(loadAppDatabaseUrl({})).toBeUndefined();
    expect(() => loadAppDatabaseUrl({ APP_DATABASE_URL: 'nope' })).toThrow(/^Configuration error: APP_DATABASE_URL/);
    expect(loadAuditSettings({ STORAGE_DIR: '/srv/x', DATA_KEY: valid.DATA_KEY }).dataKey).toHaveLength(32);
    expect(loadAuditSettings({})).toEqual({ storageDir: './storage' });
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

  it('refuses an all-zero or repeated DATA_KEY and a predictable JWT_SECRET, except under NODE_ENV=test', () => {
    const zeros = Buffer.alloc(32).toString('base64');
    expect(() => loadConfig({ ...valid, DATA_KEY: zeros })).toThrow(/^Configuration error: DATA_KEY is not random/);
    expect(() => loadConfig({ ...valid, DATA_KEY: Buffer.alloc(32, 7).toString('base64') })).toThrow(/DATA_KEY is not random/);
    expect(() => loadConfig({ ...valid, JWT_SECRET: 'x'.repeat(64) })).toThrow(/^Configuration error: JWT_SECRET is too predictable/);
    expect(() => loadConfig({ ...valid, JWT_SECRET: 'secretsecretsecret' })).toThrow(/JWT_SECRET is too predictable/);
    expect(loadConfig({ ...valid, DATA_KEY: zeros, JWT_SECRET: 'x'.repeat(32), NODE_ENV: 'test' }).dataKey).toHaveLength(32);
  });

  it('reads TRUST_PROXY as Express does, and HSTS from an https PUBLIC_URL', () => {
    expect(loadConfig(valid).trustProxy).toBe(false);
    expect(loadConfig({ ...valid, TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ ...valid, TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ ...valid, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback,10.0.0.0/8');
    expect(loadConfig(valid).httpsOnly).toBe(false);
    expect(loadConfig({ ...valid, PUBLIC_URL: 'https://trial.example.org' }).httpsOnly).toBe(true);
  });
});

describe('site wording and the platform contact', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wording-'));
  afterAll(() => {
    useSiteWording(undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads INSTRUMENT_WORDING_FILE into the catalogue at start-up', () => {
    const c = loadConfig({ ...valid, INSTRUMENT_WORDING_FILE: join(__dirname, '../../test/fixtures/wording/site-wording.json') });
    expect(c.instrumentWordingFile).toMatch(/site-wording\.json$/);
    expect(c.allowPlaceholderWording).toBe(false);
    expect(getInstrument('RMDQ').items[0].label.en).toBe('Test wording RMDQ statement 1 (licensed)');
    expect(getInstrument('PCI').scoreNames).toEqual(['distraction', 'worrying']);
    loadConfig(valid);
    expect(getInstrument('RMDQ').wording).toBe('descriptive');
  });

  it('stops start-up with the bad ids named, and on a file it cannot read', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ instruments: { ODI: { items: { odi12: { label: { en: 'x' } } } } } }));
    expect(() => loadConfig({ ...valid, INSTRUMENT_WORDING_FILE: bad })).toThrow(
      /^Configuration error: INSTRUMENT_WORDING_FILE .*bad\.json does not fit the instruments: instruments\.ODI\.items\.odi12 is not an item of ODI/,
    );
    expect(() => loadConfig({ ...valid, INSTRUMENT_WORDING_FILE: join(dir, 'absent.json') })).toThrow(
      /^Configuration error: INSTRUMENT_WORDING_FILE cannot be read/,
    );
    expect(loadConfig({ ...valid, ALLOW_PLACEHOLDER_WORDING: 'true' }).allowPlaceholderWording).toBe(true);
  });

  it('reads the platform contact for unknown links, name and a way to reach it together', () => {
    expect(loadConfig(valid).supportContact).toBeUndefined();
    expect(
      loadConfig({ ...valid, SUPPORT_CONTACT_NAME: 'Trial office LUMC', SUPPORT_CONTACT_EMAIL: 'trials@example.org' }).supportContact,
    ).toEqual({ name: 'Trial office LUMC', email: 'trials@example.org' });
    expect(() => loadConfig({ ...valid, SUPPORT_CONTACT_EMAIL: 'trials@example.org' })).toThrow(/SUPPORT_CONTACT_NAME is required/);
    expect(() => loadConfig({ ...valid, SUPPORT_CONTACT_NAME: 'Trial office' })).toThrow(/SUPPORT_CONTACT_EMAIL or SUPPORT_CONTACT_PHONE/);
  });
  it('reads the safety contacts per study and refuses a bad address, naming the variable', () => {
    expect(loadConfig(valid).safetyContacts.size).toBe(0);
    const contacts = loadConfig({ ...valid, SAFETY_CONTACTS: 'TEIAS=a@x.nl, b@x.nl; *=c@y.nl' }).safetyContacts;
    expect(contacts.get('TEIAS')).toEqual(['a@x.nl', 'b@x.nl']);
    expect(contacts.get('*')).toEqual(['c@y.nl']);
    expect(() => loadConfig({ ...valid, SAFETY_CONTACTS: 'TEIAS=nope' })).toThrow(
      /Configuration error: SAFETY_CONTACTS: "nope" is not an email/,
    );
    expect(() => loadConfig({ ...valid, SAFETY_CONTACTS: 'TEIAS' })).toThrow(/SAFETY_CONTACTS: "TEIAS" is not STUDY=address/);
  });
});
