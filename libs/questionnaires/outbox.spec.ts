import { redactContact } from './outbox.service';

describe('redactContact', () => {
  it('masks addresses and phone numbers in a mail server error', () => {
    expect(redactContact('550 5.1.1 <jan.jansen@example.nl>: Recipient address rejected')).toBe(
      '550 5.1.1 <[address]>: Recipient address rejected',
    );
    expect(redactContact('sms to +31 6 1234 5678 failed')).toBe('sms to [number] failed');
  });
});
