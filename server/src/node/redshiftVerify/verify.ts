// Verify a Redshift permission script against a live database: parse, derive the intended state, open a read-only
// session (PostgreSQL wire protocol, or the Redshift Data API), read the catalog, compare. Shared by
// `grantcheck verify-sql` and the extension.

import { parseRedshiftScript } from '../../engine/redshift/parser';
import { LineIndex } from '../../engine/text';
import { scriptIntent } from '../../engine/redshift/intent';
import { openCatalog } from './catalog';
import { compareWithCatalog, type SqlVerifyReport } from './compare';
import { describeTarget, type ConnectionTarget } from './connection';
import { describeDataApiTarget, openDataApiSession, type DataApiSessionOptions, type DataApiTarget } from './dataApi';
import { openPgSession, type PasswordSources, type ReadOnlySession } from './session';

export type SessionOpener = (target: ConnectionTarget, sources: PasswordSources) => Promise<ReadOnlySession>;

/** Whether a script has anything to verify (permission statements without syntax errors). */
export function permissionStatementCount(text: string): number {
  return scriptIntent(parseRedshiftScript(text)).statements.length;
}

/** 1-based lines of the statements left out of the verification because of a syntax error. */
export function linesWithSyntaxErrors(text: string): number[] {
  const script = parseRedshiftScript(text);
  const lines = new LineIndex(text);
  return script.statements.filter((s) => s.hasError).map((s) => lines.positionAt(s.start).line + 1);
}

export async function verifySqlScript(
  text: string,
  target: ConnectionTarget,
  sources: PasswordSources,
  open: SessionOpener = openPgSession,
): Promise<SqlVerifyReport> {
  return verifyWithSession(text, () => open(target, sources), describeTarget(target));
}

/** The same verification over the Redshift Data API (`options.caller` makes the three calls). */
export async function verifySqlOverDataApi(text: string, target: DataApiTarget, options: DataApiSessionOptions): Promise<SqlVerifyReport> {
  const report = await verifyWithSession(text, async () => openDataApiSession(target, options), describeDataApiTarget(target));
  return { ...report, via: 'data-api' };
}

/** Parses, opens the session, reads the catalog and compares; `database` names the database in the report. */
export async function verifyWithSession(text: string, open: () => Promise<ReadOnlySession>, database: string): Promise<SqlVerifyReport> {
  const intent = scriptIntent(parseRedshiftScript(text));
  const session = await open();
  try {
    const catalog = await openCatalog(session.query, session.recover);
    const results = await compareWithCatalog(intent, catalog);
    return { database, dialect: catalog.dialect, results };
  } finally {
    await session.close();
  }
}

export function allInEffect(report: SqlVerifyReport): boolean {
  return report.results.every((r) => r.inEffect);
}

/** The JSON the CLI prints (`--format json`): offsets left out. */
export function reportJson(report: SqlVerifyReport): object {
  return {
    database: report.database,
    dialect: report.dialect,
    ...(report.via ? { via: report.via } : {}),
    results: report.results.map((r) => ({ line: r.line, statement: r.statement, inEffect: r.inEffect, missing: r.missing, ...(r.notVerified.length > 0 ? { notVerified: r.notVerified } : {}) })),
  };
}

/** The table the CLI prints. */
export function formatReportTable(report: SqlVerifyReport): string {
  const lines = [`Database: ${report.database} (${report.dialect === 'redshift' ? 'Amazon Redshift' : 'PostgreSQL'}${report.via === 'data-api' ? ', through the Redshift Data API' : ''})`, ''];
  const width = String(Math.max(0, ...report.results.map((r) => r.line))).length;
  for (const r of report.results) {
    lines.push(`  line ${String(r.line).padStart(width)}  ${r.inEffect ? 'in effect    ' : 'NOT IN EFFECT'}  ${r.statement}`);
    for (const m of r.missing) lines.push(`  ${' '.repeat(width + 5)}  missing: ${m}`);
    for (const n of r.notVerified) lines.push(`  ${' '.repeat(width + 5)}  not verified: ${n}`);
  }
  const failed = report.results.filter((r) => !r.inEffect).length;
  lines.push('');
  lines.push(
    failed === 0
      ? `All ${report.results.length} permission statements are in effect.`
      : `${failed} of ${report.results.length} permission statements ${failed === 1 ? 'is' : 'are'} not in effect.`,
  );
  return lines.join('\n') + '\n';
}
