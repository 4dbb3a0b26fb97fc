/**
 * Safety contacts per study from `SAFETY_CONTACTS`: `TEIAS=a@x.nl,b@x.nl;POTEISS=c@y.nl` (a study
 * without its own entry uses `*=…` when given). Parsed by loadConfig at start; an invalid address stops the process with a ConfigError.
 */
export function parseSafetyContacts(raw: string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (raw ?? '')
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [code, list] = part.split('=', 2).map((s) => s.trim());
    if (!code || !list) throw new Error(`SAFETY_CONTACTS: "${part}" is not STUDY=address,address`);
    const addresses = list
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    for (const a of addresses)
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(a)) throw new Error(`SAFETY_CONTACTS: "${a}" is not an email address`);
    out.set(code.toUpperCase() === '*' ? '*' : code, addresses);
  }
  return out;
}
