import { DataSource, EntityManager } from 'typeorm';
import { AuditRepository } from './repositories/audit.repository';
import { ParticipantsRepository } from './repositories/participants.repository';
import { RandomisationRepository } from './repositories/randomisation.repository';
import { SitesRepository } from './repositories/sites.repository';
import { StudiesRepository } from './repositories/studies.repository';
import { UsersRepository } from './repositories/users.repository';

/** Every repository, bound to one EntityManager (the pool, or one transaction). */
export class Repositories {
  readonly users: UsersRepository;
  readonly sites: SitesRepository;
  readonly studies: StudiesRepository;
  readonly participants: ParticipantsRepository;
  readonly randomisation: RandomisationRepository;
  readonly audit: AuditRepository;

  private readonly extra = new Map<unknown, unknown>();

  constructor(readonly manager: EntityManager) {
    this.users = new UsersRepository(manager);
    this.sites = new SitesRepository(manager);
    this.studies = new StudiesRepository(manager);
    this.participants = new ParticipantsRepository(manager);
    this.randomisation = new RandomisationRepository(manager);
    this.audit = new AuditRepository(manager);
  }

  /**
   * A capability's own repository, bound to the same manager (and so the same transaction):
   * `tx.get(FormsRepository)`. Capabilities keep their repositories in their own files.
   */
  get<T>(Repo: new (manager: EntityManager) => T): T {
    let repo = this.extra.get(Repo) as T | undefined;
    if (!repo) {
      repo = new Repo(this.manager);
      this.extra.set(Repo, repo);
    }
    return repo;
  }
}

/**
 * The door to PostgreSQL for services: `db.repos` outside a transaction, `db.transaction(fn)` for
 * multi-row changes, which commit together or not at all.
 */
export class Database {
  readonly repos: Repositories;

  constructor(readonly dataSource: DataSource) {
    this.repos = new Repositories(dataSource.manager);
  }

  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => fn(new Repositories(manager)));
  }

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
