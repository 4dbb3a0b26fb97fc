import { SecretBox } from './secret-box';

/** Personal contact data (email, phone), encrypted at rest and bound to its participant. */
export interface ContactDetails {
  email?: string;
  phone?: string;
  language: 'nl' | 'en';
}

export class ContactCipher {
  private readonly box: SecretBox;

  constructor(key: Buffer) {
    this.box = new SecretBox(key);
  }

  encrypt(participantId: string, contact: ContactDetails): string {
    return this.box.seal(participantId, JSON.stringify(contact));
  }

  decrypt(participantId: string, stored: string): ContactDetails {
    return JSON.parse(this.box.open(participantId, stored)) as ContactDetails;
  }
}
