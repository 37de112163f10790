// `grantcheck explain FILE --action A --resource R`: evaluates one request offline and says which statement decides it.

import { readFileSync } from 'node:fs';
import { parseIamDocument } from '../engine/iam/document';
import { explainRequest, type RequestContext } from '../engine/iam/evaluate';
import { parseCommandArgs } from './commandArgs';
import type { CliIo, Subcommand } from './command';

const USAGE = `Usage: grantcheck explain FILE --action ACTION [--resource ARN] [--context KEY=VALUE…] [--format text|json]

Evaluates one request against the IAM policy in FILE, offline, and explains the decision:
which statement allows or explicitly denies it, or why no statement applies.

  --action ACTION        e.g. s3:GetObject
  --resource ARN         the concrete resource ARN (default: *)
  --context KEY=VALUE    a request context value, e.g. aws:SourceIp=203.0.113.7 (repeat a key for a multivalued key)
  --format text|json     output format (default: text)

Only this document is evaluated (no SCPs, boundaries, session or resource policies); Principal is ignored.
Exit status: 0 allowed, 1 denied (implicitly or explicitly), 2 bad usage or unreadable file.
`;

/** Parses repeated KEY=VALUE options; a key given twice becomes a multivalued key. */
export function parseContextPairs(pairs: readonly string[]): RequestContext | string {
  const context: RequestContext = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return `expected KEY=VALUE, got "${pair}"`;
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const existing = context[key];
    context[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return context;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('explain', USAGE, args, {
    action: { type: 'string' },
    resource: { type: 'string' },
    context: { type: 'string', multiple: true },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, io);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const format = values.format ?? 'text';
  if (positionals.length !== 1 || !values.action || (format !== 'text' && format !== 'json')) {
    io.stderr(`grantcheck explain: ${positionals.length !== 1 ? 'exactly one FILE is required' : !values.action ? '--action is required' : `unknown format "${format}"`}\n\n${USAGE}`);
    return 2;
  }
  const context = parseContextPairs(values.context ?? []);
  if (typeof context === 'string') {
    io.stderr(`grantcheck explain: --context: ${context}\n`);
    return 2;
  }
  const file = positionals[0]!;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    io.stderr(`grantcheck explain: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return 2;
  }
  const doc = parseIamDocument(text);
  if (doc.parseErrors.length > 0 || doc.statements.length === 0) {
    io.stderr(`grantcheck explain: ${file} is not an IAM policy document (${doc.parseErrors.length > 0 ? 'invalid JSON' : 'no statements'}); run \`grantcheck ${file}\` for details\n`);
    return 2;
  }
  const resource = values.resource ?? '*';
  const explanation = explainRequest(doc, values.action, resource, context);
  if (format === 'json') {
    io.stdout(JSON.stringify({ file, action: values.action, resource, context, ...explanation }, null, 2) + '\n');
  } else {
    const lines = [explanation.summary, ...explanation.deciding.map((l) => `  ${l}`), ...explanation.notApplicable.map((l) => `  ${l}`)];
    io.stdout(lines.join('\n') + '\n');
  }
  return explanation.decision === 'allowed' ? 0 : 1;
}

export const explainCommand: Subcommand = {
  summary: 'explain offline which statement allows or denies one request',
  run,
};
