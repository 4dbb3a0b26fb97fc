export { ContactCipher } from './contact-cipher';
export type { ContactDetails } from './contact-cipher';
