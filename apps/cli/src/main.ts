import { parseArgs } from 'node:util';
import { ConfigError, loadAppDatabaseUrl, loadAuditSettings, loadConfig, loadDatabaseUrl } from '@trialdata/config';
import { migrate } from '@trialdata/database';
import { STUDY_DEFINITIONS, loadStudies, ProtocolError } from '@trialdata/protocol';
import { auditVerify } from './commands/audit';
import { FIT_USAGE, fitCommand } from './commands/fit';
import { PREDICT_USAGE, predictCommand } from './commands/predict';
import { SCORE_USAGE, scoreCommand } from './commands/score';
import { randomisationExport, randomisationSimulate, randomisationVerify } from './commands/randomisation';
import { seedDemo } from './commands/seed';
import { demo } from './demo';

const USAGE = `trial <command>

  migrate                                   create the database if missing, apply pending migrations
  seed --demo                               demo sites, one user per role, synthetic participants
  demo                                      migrate + seed + start api and worker (and PostgreSQL/Redis if none runs); prints URLs and logins
  audit verify [--expect-head SEQ:HASH]     re-compute the audit hash chain (and check a recorded head); exit 1 on any break
  randomisation simulate --study S --n N [--sites K] [--seed X] [--json]
  randomisation export --study S            the allocation log as CSV
  randomisation verify --study S            regenerate every allocation from the secret seed
${FIT_USAGE}
${PREDICT_USAGE}
${SCORE_USAGE}
`;

const out = (s: string) => process.stdout.write(s + '\n');

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  const opts = (args: string[], options: NonNullable<Parameters<typeof parseArgs>[0]>['options']) =>
    parseArgs({ args, options, allowPositionals: false, strict: true }).values as Record<string, string | boolean | undefined>;
  switch (command) {
    case 'migrate': {
      const applied = await migrate(loadDatabaseUrl(), { appUrl: loadAppDatabaseUrl() });
      out(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      return 0;
    }
    case 'seed': {
      const v = opts([sub, ...rest].filter(Boolean), { demo: { type: 'boolean' } });
      if (!v.demo) throw new UsageError('seed needs --demo');
      await seedDemo(loadConfig(), loadStudies(STUDY_DEFINITIONS), out);
      return 0;
    }
    case 'demo':
      return demo(out);
    case 'audit': {
      if (sub !== 'verify') throw new UsageError('audit verify [--expect-head SEQ:HASH]');
      const v = opts(rest, { 'expect-head': { type: 'string' } });
      const head = v['expect-head'] as string | undefined;
      if (head !== undefined && !/^\d+:[0-9a-f]{64}$/.test(head))
        throw new UsageError('--expect-head takes SEQ:HASH as printed by audit verify');
      return auditVerify(loadDatabaseUrl(), out, head, loadAuditSettings());
    }
    case 'randomisation': {
      const v = opts(rest, {
        study: { type: 'string' },
        n: { type: 'string' },
        sites: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean' },
      });
      if (!v.study) throw new UsageError(`randomisation ${sub ?? ''} needs --study`);
      const studies = loadStudies(STUDY_DEFINITIONS);
      if (sub === 'simulate') {
        const n = Number(v.n ?? 1000);
        const sites = Number(v.sites ?? 4);
        if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw new UsageError('--n must be an integer from 1 to 1000000');
        if (!Number.isInteger(sites) || sites < 1 || sites > 200) throw new UsageError('--sites must be an integer from 1 to 200');
        return randomisationSimulate(
          studies,
          { study: String(v.study), n, sites, seed: v.seed as string | undefined, json: !!v.json },
          out,
        );
      }
      if (sub === 'export') return randomisationExport(loadConfig(), studies, String(v.study), out);
      if (sub === 'verify') return randomisationVerify(loadConfig(), studies, String(v.study), out);
      throw new UsageError(`unknown randomisation command ${sub ?? ''}`);
    }
    case 'fit':
      return fitCommand(
        [sub, ...rest].filter((a) => a !== undefined),
        { out: (text) => process.stdout.write(text), err: (line) => console.error(line) },
      );
    case 'predict':
      return predictCommand(
        [sub, ...rest].filter((a) => a !== undefined),
        { out: (text) => process.stdout.write(text), err: (line) => console.error(line) },
      );
    case 'score':
      return scoreCommand(
        [sub, ...rest].filter((a) => a !== undefined),
        { out: (text) => process.stdout.write(text), err: (line) => console.error(line) },
      );
    case undefined:
    case 'help':
    case '--help':
      out(USAGE);
      return 0;
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError) console.error(`usage: ${e.message}\n\n${USAGE}`);
    else if (e instanceof ConfigError || e instanceof ProtocolError) console.error(e.message);
    else console.error(e instanceof Error ? e.message : e);
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
