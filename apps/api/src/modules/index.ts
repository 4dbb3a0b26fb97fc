import { MailboxModule } from '../mailbox/mailbox.module';
import { AgreementModule } from '../agreement/agreement.module';
import { AdminModule } from './admin.module';
import { DatasetsModule } from './datasets.module';
import { FormsModule } from './forms.module';
import { ModelsModule } from './models.module';
import { QuestionnairesModule } from './questionnaires.module';
import { SafetyModule } from './safety.module';

/** One Nest module per capability; each owns its controllers and providers. */
export const CAPABILITY_MODULES = [
  FormsModule,
  QuestionnairesModule,
  DatasetsModule,
  ModelsModule,
  SafetyModule,
  AdminModule,
  MailboxModule,
  AgreementModule,
];
