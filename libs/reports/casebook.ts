import PDFDocument from 'pdfkit';
import type { CasebookData } from './casebook-data';

export type { CasebookChange, CasebookData, CasebookField } from './casebook-data';

const MARGIN = 50;
const GREY = '#555555';

/**
 * Renders a participant casebook: a cover with the participant's study identity (never contact
 * details), then every saved form with its values, verification marks and value-change history
 * (field, old -> new, who, when, reason, from the audit trail), the query threads and the signature
 * history (voided signatures stay visible with the change that voided them). Pure apart from pdfkit:
 * the same data and creation date give the same bytes.
 */
export function renderCasebook(data: CasebookData): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: `Casebook ${data.participant.label}`,
      Subject: `${data.study.code} participant ${data.participant.label}`,
      Author: 'trialdata',
      CreationDate: new Date(data.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const p = data.participant;
  doc.font('Helvetica-Bold').fontSize(18).text(`Casebook ${p.label}`);
  doc.font('Helvetica').fontSize(11).text(`${data.study.code}: ${data.study.title}`);
  doc.moveDown(0.5).fillColor(GREY).fontSize(9);
  const facts = [
    `Site ${p.siteCode}`,
    `status ${p.status}`,
    ...(p.arm ? [`arm ${p.arm}`] : []),
    ...(p.cohort ? [`cohort ${p.cohort}`] : []),
    `enrolled ${p.enrolledAt.slice(0, 10)}`,
    ...(p.anchorDate ? [`day 0 ${p.anchorDate}`] : []),
  ];
  doc.text(facts.join(' · '));
  doc.text(`Generated ${data.generatedAt}. Contains no contact details.`).fillColor('black');

  heading(doc, 'Forms');
  if (data.forms.length === 0) doc.font('Helvetica').fontSize(10).text('No form has been saved.');
  for (const f of data.forms) {
    doc
      .moveDown(0.6)
      .font('Helvetica-Bold')
      .fontSize(11)
      .text(`${f.eventTitle} — ${f.title}${f.repeating ? ` #${f.instance}` : ''}`);
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(GREY)
      .text(`${f.eventId}/${f.formId}/${f.instance} · ${f.status} · version ${f.version} · saved ${f.updatedAt}`)
      .fillColor('black');
    for (const field of f.fields) {
      const mark = field.verifiedAt ? `  [verified ${field.verifiedAt.slice(0, 10)}]` : '';
      doc
        .font('Helvetica')
        .fontSize(9)
        .text(`${field.label}: `, { continued: true })
        .font('Helvetica-Bold')
        .text(field.value === '' ? '—' : field.value, { continued: mark !== '' });
      if (mark) doc.font('Helvetica').fillColor(GREY).text(mark).fillColor('black');
    }
    if (f.history.length) {
      doc.moveDown(0.3).font('Helvetica-Bold').fontSize(9).text('History');
      for (const c of f.history) {
        const change = `${c.label}: ${c.from === '' ? '(blank)' : c.from} -> ${c.to === '' ? '(blank)' : c.to}`;
        doc
          .font('Helvetica')
          .fontSize(8)
          .text(`${c.at} ${c.by}: ${change}${c.reason ? `. Reason: ${c.reason}` : ''}`, { indent: 12 });
      }
    }
  }

  heading(doc, 'Queries');
  if (data.queries.length === 0) doc.font('Helvetica').fontSize(10).text('No queries.');
  for (const q of data.queries) {
    doc.moveDown(0.4).font('Helvetica-Bold').fontSize(10).text(`${q.form} · ${q.field} · ${q.status}`);
    for (const m of q.messages) doc.font('Helvetica').fontSize(9).text(`${m.at} ${m.kind} by ${m.by}: ${m.text}`, { indent: 12 });
  }

  heading(doc, 'Signatures');
  if (data.signatures.length === 0) doc.font('Helvetica').fontSize(10).text('No signatures.');
  for (const s of data.signatures) {
    doc.moveDown(0.4).font('Helvetica-Bold').fontSize(10).text(`${s.printedName} — ${s.target} — ${s.status.toUpperCase()}`);
    doc.font('Helvetica').fontSize(9).text(`“${s.meaning}”, signed ${s.signedAt}`, { indent: 12 });
    if (s.status === 'voided')
      doc
        .fillColor('#a00000')
        .text(`Voided ${s.voidedAt ?? ''}: ${s.voidedBecause ?? ''}`, { indent: 12 })
        .fillColor('black');
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(GREY)
      .text(`${p.label} · page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN + 10, { lineBreak: false });
  }
  doc.end();
  return done;
}

function heading(doc: PDFKit.PDFDocument, title: string): void {
  doc.moveDown(1).font('Helvetica-Bold').fontSize(14).fillColor('black').text(title);
}
