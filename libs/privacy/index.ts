export { ContactCipher } from './contact-cipher';
export type { ContactDetails } from './contact-cipher';
export { SecretBox } from './secret-box';
