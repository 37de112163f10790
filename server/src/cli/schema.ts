// The JSON Schema of .grantcheck.json, built from the rules, policy types and profiles GrantCheck has, so it
// never lags behind them. `npm run build` writes it to dist/grantcheck.schema.json (the extension contributes
// it through `jsonValidation`); `grantcheck schema` prints it for other editors.
//
// It accepts exactly what engine/config.ts parseConfig accepts without a problem (test/cli/schema.test.ts
// checks both on the same samples), except the glob limits, which only the parser knows, and placeholder values
// that are not strings, which the parser drops quietly.

import { CONFIG_FILE_NAME } from '../engine/config';
import { POLICY_TYPES } from '../engine/iam/policyType';
import { allProfiles } from '../engine/profiles';
import { allRules, ruleDocUrl } from '../engine/rules';
import { UNUSED_SUPPRESSION_RULE_ID } from '../engine/suppressions';
import { parseCommandArgs } from './commandArgs';
import { EXIT_OK, type CliIo, type Subcommand } from './command';

const SEVERITIES = ['error', 'warning', 'info', 'hint', 'off'];

export function configSchema(): Record<string, unknown> {
  const globs = (what: string) => ({ type: 'array', items: { type: 'string' }, description: what });
  const globOrGlobs = {
    description: 'A glob, or a list of globs, relative to this file.',
    anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }],
  };
  const rules: Record<string, unknown> = {};
  for (const rule of allRules) {
    const severity = { enum: SEVERITIES, description: `${rule.description} (default: ${rule.defaultSeverity}) ${ruleDocUrl(rule.id)}` };
    rules[rule.id] = severity;
    for (const alias of rule.aliases ?? []) rules[alias] = { ...severity, deprecationMessage: `Renamed to ${rule.id}.` };
  }
  rules[UNUSED_SUPPRESSION_RULE_ID] = { enum: SEVERITIES, description: `A grantcheck-disable-next-line comment that hides nothing or names an unknown rule (default: warning).` };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `GrantCheck configuration (${CONFIG_FILE_NAME})`,
    description: 'Configures GrantCheck for the files below this folder (up to the repository root), in the editor and the CLI.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'Ignored by GrantCheck; lets editors find this schema.' },
      rules: {
        type: 'object',
        description: 'Severity per rule id: error, warning, info, hint or off.',
        properties: rules,
        additionalProperties: false,
      },
      ignore: globs('Files and folders never linted: gitignore-like globs relative to this file (a folder excludes everything in it).'),
      policyFiles: globs('JSON files always linted as IAM policies, whatever their content.'),
      sqlFiles: globs('SQL files always linted as Redshift permission scripts, whatever their content.'),
      policyTypes: {
        type: 'array',
        description: 'The policy type of files whose type cannot be inferred.',
        items: {
          type: 'object',
          required: ['files', 'type'],
          properties: {
            files: globOrGlobs,
            type: { enum: [...POLICY_TYPES], description: 'identity, resource, trust, kms-key or scp.' },
          },
        },
      },
      overrides: {
        type: 'array',
        description: 'Rule severities for some files only, applied after "rules" (later entries win), e.g. a rule turned off for one policy file.',
        items: {
          type: 'object',
          required: ['files', 'rules'],
          properties: {
            files: globOrGlobs,
            rules: { type: 'object', description: 'Severity per rule id for these files.', properties: rules, additionalProperties: false },
          },
        },
      },
      profiles: {
        type: 'array',
        description: 'Bind files to profiles (a data tool\'s documented permissions); `grantcheck profiles` lists them.',
        items: {
          type: 'object',
          required: ['files', 'profile'],
          properties: {
            files: globOrGlobs,
            profile: { type: 'string', description: 'A profile id.', examples: allProfiles.map((p) => p.id) },
            values: { type: 'object', description: 'Placeholder values, e.g. { "sourceBucket": "acme-src" }.', additionalProperties: { type: 'string' } },
          },
        },
      },
    },
  };
}

const USAGE = `Usage: grantcheck schema

Prints the JSON Schema of ${CONFIG_FILE_NAME} (for editors other than VS Code, which gets it from the extension).
`;

export const schemaCommand: Subcommand = {
  summary: `print the JSON Schema of ${CONFIG_FILE_NAME}`,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const parsed = parseCommandArgs('schema', USAGE, args, { help: { type: 'boolean', short: 'h' } }, io);
    if (typeof parsed === 'number') return parsed;
    io.stdout(JSON.stringify(configSchema(), null, 2) + '\n');
    return EXIT_OK;
  },
};
