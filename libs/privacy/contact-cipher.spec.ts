import { randomBytes } from 'node:crypto';
import { ContactCipher } from './index';

describe('ContactCipher', () => {
  const cipher = new ContactCipher(randomBytes(32));
  const contact = { email: 'jan@example.nl', phone: '+31612345678', language: 'nl' as const };

  it('round-trips contact details and never stores them in clear', () => {
    const stored = cipher.encrypt('p1', contact);
    expect(stored).not.toContain('jan@example.nl');
    expect(stored).not.toContain('612345678');
    expect(cipher.decrypt('p1', stored)).toEqual(contact);
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.encrypt('p1', contact)).not.toBe(cipher.encrypt('p1', contact));
  });

  it('refuses a ciphertext moved onto another participant', () => {
    expect(() => cipher.decrypt('p2', cipher.encrypt('p1', contact))).toThrow();
  });

  it('refuses a tampered ciphertext and another key', () => {
    const stored = cipher.encrypt('p1', contact);
    const parts = stored.split('.');
    const ct = Buffer.from(parts[3], 'base64');
    ct[0] ^= 1;
    expect(() => cipher.decrypt('p1', [parts[0], parts[1], parts[2], ct.toString('base64')].join('.'))).toThrow();
    expect(() => new ContactCipher(randomBytes(32)).decrypt('p1', stored)).toThrow();
  });
});
