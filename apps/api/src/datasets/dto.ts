import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class StudyLockDto {
  @ApiProperty({
    example: 'Last participant completed week 21; all queries resolved',
    description: 'Why the database is locked (kept with the lock and in the audit trail)',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;

  @ApiPropertyOptional({
    example: false,
    description: 'Lock although checklist items are open; the reason must say why. The open items are kept with the lock.',
  })
  @IsOptional()
  @IsBoolean()
  override?: boolean;
}

export class UnlockDto {
  @ApiProperty({ example: 'Late-arriving SAE follow-up must be entered' }) @IsString() @MinLength(1) @MaxLength(2000) reason: string;
}

export class RebuildDto {
  @ApiPropertyOptional({ example: 'Build failed while the storage volume was full', description: 'Kept in the audit trail' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class CreateDatasetDto {
  @ApiProperty({
    enum: ['interim'],
    example: 'interim',
    description: 'Only interim snapshots are created here; a lock makes a lock snapshot',
  })
  @IsIn(['interim'])
  kind: 'interim';
  @ApiProperty({ example: 'DMC interim analysis 1' }) @IsString() @MinLength(1) @MaxLength(2000) reason: string;
}

export class LockedDto {
  @ApiProperty({ description: 'The lock snapshot, built by the worker (GET /studies/{study}/datasets shows its progress)' })
  datasetId: string;
  @ApiProperty({ description: 'Dataset version (1, 2, 3 … per study)' }) version: number;
}

export class UnlockedDto {
  @ApiProperty() study: string;
  @ApiProperty({ description: 'The status the study returned to' }) status: string;
}

export class DatasetFileDto {
  @ApiProperty({ example: 'data.csv' }) name: string;
  @ApiProperty() bytes: number;
  @ApiProperty({ description: 'SHA-256 of the file, hex' }) sha256: string;
}

export class DatasetDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'TEIAS' }) study: string;
  @ApiProperty() version: number;
  @ApiProperty({ enum: ['lock', 'interim'] }) kind: 'lock' | 'interim';
  @ApiProperty() reason: string;
  @ApiProperty({ enum: ['building', 'ready', 'failed'] }) status: 'building' | 'ready' | 'failed';
  @ApiProperty({ description: '0–100' }) progress: number;
  @ApiProperty({ description: 'The snapshot instant (ISO 8601 UTC)' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String }) completedAt: string | null;
  @ApiProperty({ nullable: true, type: Number }) participants: number | null;
  @ApiProperty({ type: [DatasetFileDto] }) files: DatasetFileDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'SHA-256 of the manifest: one line `<sha256>  <name>\\n` per file, sorted by name in byte order (LC_ALL=C sha256sum *)',
  })
  sha256: string | null;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty({ description: 'Build attempt: 1, then 2, 3 … after rebuilds (job id `dataset-<id>` / `dataset-<id>-<attempt>`)' })
  attempt: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'High-water mark of the snapshot: the highest audit sequence number visible when the files were read (the files hold the data as of then)',
  })
  snapshotSeq: number | null;
}

export class ChecklistDetailDto {
  @ApiProperty({ example: 'TEIAS-LUMC-0003' }) participant: string;
  @ApiProperty({ example: 'enrolment/demographics#1' }) where: string;
}

export class ChecklistItemDto {
  @ApiProperty({ example: 'open_queries' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() count: number;
  @ApiProperty({ type: [ChecklistDetailDto], description: 'The first 20' }) details: ChecklistDetailDto[];
}

export class ChecklistUnavailableDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: [String] }) missingTables: string[];
}

export class ChecklistDto {
  @ApiProperty({ type: [ChecklistItemDto], description: 'Items with something open' }) open: ChecklistItemDto[];
  @ApiProperty({ type: [ChecklistItemDto], description: 'Every item that ran' }) checked: ChecklistItemDto[];
  @ApiProperty({ type: [ChecklistUnavailableDto], description: 'Items whose tables do not exist in this installation' })
  unavailable: ChecklistUnavailableDto[];
}

export class DatasetChoiceDto {
  @ApiProperty({ example: 1 }) code: number;
  @ApiProperty({ example: 'Female' }) label: string;
}

export class DatasetVariableDto {
  @ApiProperty({ example: 'nrs_pain_baseline', description: 'The data.csv column' }) name: string;
  @ApiProperty({ example: 'Pain (NRS) at baseline', description: 'The dictionary label (the column name when it has none)' }) label: string;
  @ApiProperty({ nullable: true, type: String, example: 'baseline' }) form: string | null;
  @ApiProperty({ enum: ['integer', 'decimal', 'date', 'text', 'choice', 'boolean', 'option', 'other'] }) type: string;
  @ApiProperty({ description: 'Whether the column holds numbers (usable as a model variable)' }) numeric: boolean;
  @ApiProperty({ type: [DatasetChoiceDto], description: 'choice columns: the codes and their labels' }) choices: DatasetChoiceDto[];
}
