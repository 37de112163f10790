// What an editor shows after "Verify Redshift script against database": one diagnostic per statement not in effect
// (on the statement's first line) and a markdown report of every statement.

import { markdownCode, markdownText, tableCell } from '../../engine/markdown';
import { LineIndex } from '../../engine/text';
import type { Range } from '../../engine/types';
import type { SqlVerifyReport } from './compare';

export interface VerifyDiagnostic {
  range: Range;
  message: string;
}

/** A diagnostic per statement not in effect, on the statement's first line (from its start to the line's end). */
export function verifyDiagnostics(text: string, report: SqlVerifyReport): VerifyDiagnostic[] {
  const lines = new LineIndex(text);
  const out: VerifyDiagnostic[] = [];
  for (const r of report.results) {
    if (r.inEffect) continue;
    const start = lines.positionAt(r.start);
    const end = lines.positionAt(r.end);
    const firstLineEnd = end.line === start.line ? end : lines.positionAt(lineEndOffset(text, r.start));
    out.push({
      range: { start, end: firstLineEnd },
      message: `Not in effect in ${report.database}: ${r.missing.join('; ')}.`,
    });
  }
  return out;
}

function lineEndOffset(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

export function verifyReportMarkdown(report: SqlVerifyReport, fileName: string): string {
  const failed = report.results.filter((r) => !r.inEffect).length;
  const lines = [
    `# Verify ${markdownText(fileName)} against ${markdownText(report.database)}`,
    '',
    report.via === 'data-api'
      ? 'Amazon Redshift, read through the Redshift Data API: only the fixed catalog SELECTs of GrantCheck were sent.'
      : `${report.dialect === 'redshift' ? 'Amazon Redshift' : 'PostgreSQL'}, read through catalog SELECTs in a read-only transaction.`,
    '',
    failed === 0
      ? `All ${report.results.length} permission statements are in effect.`
      : `**${failed} of ${report.results.length} permission statements ${failed === 1 ? 'is' : 'are'} not in effect.**`,
    '',
    '| Line | Statement | In effect | Missing | Not verified |',
    '|---:|---|---|---|---|',
  ];
  for (const r of report.results) {
    lines.push(
      `| ${r.line} | ${tableCell(markdownCode(r.statement))} | ${r.inEffect ? 'yes' : '**no**'} | ${tableCell(r.missing.map(markdownText).join('; '))} | ${tableCell(r.notVerified.map(markdownText).join('; '))} |`,
    );
  }
  return lines.join('\n') + '\n';
}
