import { Foundation1764201600000 } from './1764201600000-Foundation';
import { Forms1764201600001 } from './1764201600001-Forms';
import { Questionnaires1764201600002 } from './1764201600002-Questionnaires';
import { Datasets1764201600003 } from './1764201600003-Datasets';
import { Models1764201600004 } from './1764201600004-Models';
import { TaskOutcomes1764201600005 } from './1764201600005-TaskOutcomes';
import { SafetyDeviations1764201600012 } from './1764201600012-SafetyDeviations';
import { AccountRevocation1764201600016 } from './1764201600016-AccountRevocation';
import { Invitations1764201600019 } from './1764201600019-Invitations';
import { FollowUpStatus1764201600021 } from './1764201600021-FollowUpStatus';
import { AuditHardening1764201600030 } from './1764201600030-AuditHardening';
import { ReaderRole1764201600037 } from './1764201600037-ReaderRole';
import { AuditSealing1764201600040 } from './1764201600040-AuditSealing';
import { ShortVersion1764201600043 } from './1764201600043-ShortVersion';
import { DispatchKeyset1764201600046 } from './1764201600046-DispatchKeyset';
import { DispatchQueue1764201600047 } from './1764201600047-DispatchQueue';

/** Every migration, in order. Listed explicitly so that compiled and source runs see the same set. */
export const MIGRATIONS = [
  Foundation1764201600000,
  Forms1764201600001,
  Questionnaires1764201600002,
  Datasets1764201600003,
  Models1764201600004,
  TaskOutcomes1764201600005,
  SafetyDeviations1764201600012,
  AccountRevocation1764201600016,
  Invitations1764201600019,
  FollowUpStatus1764201600021,
  AuditHardening1764201600030,
  ReaderRole1764201600037,
  AuditSealing1764201600040,
  ShortVersion1764201600043,
  DispatchKeyset1764201600046,
  DispatchQueue1764201600047,
];
