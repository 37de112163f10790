// `grantcheck init [DIR]`: writes a commented .grantcheck.json (JSON with comments, as the config loader reads it)
// listing what GrantCheck finds in DIR.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME, DEFAULT_POLICY_FILES } from '../engine/config';
import { ConfigCache } from '../node/configFiles';
import { sharedIamData } from '../node/iamDataFiles';
import { writeFileAtomic } from './atomicWrite';
import { parseCommandArgs } from './commandArgs';
import { EXIT_OK, EXIT_USAGE, type CliIo, type Subcommand } from './command';
import { lintPaths, type FileResult } from './lintFiles';

const USAGE = `Usage: grantcheck init [DIR]

Writes DIR/${CONFIG_FILE_NAME} (DIR: the current directory) with a comment on each setting and the
files GrantCheck finds there: IAM policies and Redshift scripts that are linted only because of their
content are listed in "policyFiles" and "sqlFiles", so they stay linted even when an edit breaks
that content (a misspelt "Statement"). An existing ${CONFIG_FILE_NAME} is never overwritten.
`;

/** At most this many file names per kind in the header comment. */
const LISTED = 30;

export const initCommand: Subcommand = {
  summary: `write a commented ${CONFIG_FILE_NAME} for the files found here`,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const parsed = parseCommandArgs('init', USAGE, args, { help: { type: 'boolean', short: 'h' } }, io);
    if (typeof parsed === 'number') return parsed;
    if (parsed.positionals.length > 1) {
      io.stderr(`grantcheck init: give one directory at most\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    const dir = parsed.positionals[0] ?? '.';
    let isDir = false;
    try {
      isDir = fs.statSync(dir).isDirectory();
    } catch {
      // reported below
    }
    if (!isDir) {
      io.stderr(`grantcheck init: ${dir} is not a directory\n`);
      return EXIT_USAGE;
    }
    const target = path.join(dir, CONFIG_FILE_NAME);
    if (fs.existsSync(target) || isLink(target)) {
      io.stderr(`grantcheck init: ${target} already exists; it was left as it is.\n`);
      return EXIT_USAGE;
    }
    // Configs are not merged: the new file replaces, below DIR, whatever config applied there before.
    const previous = new ConfigCache().forDirectory(dir).path;
    const run = lintPaths([dir], { data: sharedIamData() });
    const text = initialConfig(dir, run.results);
    const outcome = writeFileAtomic(target, text);
    if (!outcome.ok) {
      io.stderr(`grantcheck init: cannot write ${target}: ${outcome.reason}.\n`);
      return EXIT_USAGE;
    }
    const count = (kind: string): number => run.results.filter((r) => r.detection.kind === kind).length;
    io.stdout(
      `Wrote ${target}: ${count('iam-policy')} IAM policy file(s), ${count('terraform')} Terraform file(s), ` +
        `${count('cloudformation')} CloudFormation template(s), ${count('redshift-sql')} Redshift script(s) found.\n` +
        `Run grantcheck ${dir === '.' ? '.' : dir} to lint them.\n`,
    );
    if (previous) io.stdout(`Note: below ${dir} it replaces ${previous} (configs are not merged); copy the settings you need from there.\n`);
    return EXIT_OK;
  },
};

function isLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** A path relative to the config's folder as an anchored glob matching only that file. */
function fileGlob(dir: string, file: string): string {
  const relative = path.relative(dir, file).split(path.sep).join('/');
  const escaped = relative.replace(/[\\*?[\]{}()!]/g, (c) => `\\${c}`);
  // A glob without a slash matches at any depth; a leading slash anchors it to this folder.
  return escaped.includes('/') ? escaped : `/${escaped}`;
}

export function initialConfig(dir: string, results: readonly FileResult[]): string {
  const of = (kind: string): FileResult[] => results.filter((r) => r.detection.kind === kind);
  const rel = (r: FileResult): string => path.relative(dir, r.file).split(path.sep).join('/');
  const listing = (title: string, files: readonly FileResult[]): string[] => {
    if (files.length === 0) return [`//   ${title}: none`];
    const names = files.slice(0, LISTED).map((r) => `//     ${rel(r)}`);
    if (files.length > LISTED) names.push(`//     … and ${files.length - LISTED} more`);
    return [`//   ${title} (${files.length}):`, ...names];
  };
  // Pinned, so that an edit breaking the content does not make GrantCheck skip the file: every policy and script
  // found, except the policies a default glob names anyway (a config above named others, but this one replaces it).
  const byDefault = (r: FileResult): boolean => r.detection.explicit && DEFAULT_POLICY_FILES.some((g) => r.detection.reason === `matches policyFiles glob ${g}`);
  const pinnedPolicies = of('iam-policy').filter((r) => !byDefault(r)).map((r) => fileGlob(dir, r.file));
  const pinnedSql = of('redshift-sql').map((r) => fileGlob(dir, r.file));
  const list = (globs: readonly string[]): string => (globs.length === 0 ? '[]' : `[\n${globs.map((g) => `    ${JSON.stringify(g)}`).join(',\n')}\n  ]`);
  return [
    '// GrantCheck configuration for this folder and the folders below it (up to the repository root).',
    '// JSON with comments and trailing commas. Reference: https://github.com/grantcheck/grantcheck/blob/main/docs/configuration.md',
    '//',
    '// Written by `grantcheck init`, which found:',
    ...listing('IAM policies (JSON)', of('iam-policy')),
    ...listing('Terraform files', of('terraform')),
    ...listing('CloudFormation templates', of('cloudformation')),
    ...listing('Redshift permission scripts', of('redshift-sql')),
    '{',
    '  // Severity per rule id: "error", "warning", "info", "hint" or "off",',
    '  // e.g. { "iam/policy-version": "off", "redshift/hardcoded-password": "error" }.',
    '  "rules": {},',
    '',
    '  // Files and folders never linted: gitignore-like globs relative to this file, e.g. ["build/", "**/*.generated.json"].',
    '  "ignore": [],',
    '',
    `  // JSON files always linted as IAM policies, whatever they hold (besides the default globs`,
    `  // ${DEFAULT_POLICY_FILES.join(', ')}).`,
    '  // Listed: the policies found that no default glob names, so a broken one is still linted.',
    `  "policyFiles": ${list(pinnedPolicies)},`,
    '',
    '  // SQL files always linted as Redshift permission scripts (others only when they hold GRANT, REVOKE,',
    '  // CREATE/ALTER USER, ROLE or GROUP, or ALTER DEFAULT PRIVILEGES). Listed: the scripts found.',
    `  "sqlFiles": ${list(pinnedSql)},`,
    '',
    '  // Policy type per file when it cannot be inferred: [{ "files": "buckets/*.json", "type": "resource" }]',
    '  // (identity, resource, trust, kms-key or scp).',
    '  "policyTypes": []',
    '}',
    '',
  ].join('\n');
}
