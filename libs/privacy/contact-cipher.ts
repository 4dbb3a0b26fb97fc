import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Personal contact data (email, phone) encrypted at rest with AES-256-GCM under DATA_KEY.
 * Stored form: `v1.<iv b64>.<tag b64>.<ciphertext b64>`; the version prefix lets keys rotate later.
 * The participant id is bound in as additional authenticated data, so a ciphertext copied onto another
 * participant's row fails to decrypt instead of silently revealing the wrong person's contact.
 */
export interface ContactDetails {
  email?: string;
  phone?: string;
  language: 'nl' | 'en';
}

export class ContactCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('DATA_KEY must be 32 bytes');
  }

  encrypt(participantId: string, contact: ContactDetails): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(participantId, 'utf8'));
    const ct = Buffer.concat([cipher.update(JSON.stringify(contact), 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join('.');
  }

  decrypt(participantId: string, stored: string): ContactDetails {
    const [version, iv, tag, ct] = stored.split('.');
    if (version !== 'v1' || !iv || !tag || ct === undefined) throw new Error('unknown contact ciphertext format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(participantId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as ContactDetails;
  }
}
