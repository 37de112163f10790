// Unit tests of engine/config.ts: parsing and validating .grantcheck.json, with positioned problems.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { emptyConfig, parseConfig, type ConfigProblem } from '../../server/src/engine/config';
import { ruleById } from '../../server/src/engine/rules';

const knownRule = (id: string): boolean => ruleById(id) !== undefined;

/** `line:col message` with 1-based numbers, for readable assertions. */
const show = (problems: ConfigProblem[]): string[] => problems.map((p) => `${p.line + 1}:${p.character + 1} ${p.message}`);

describe('parseConfig', () => {
  it('reads every documented key', () => {
    const text = `{
  "$schema": "./grantcheck.schema.json",
  // comments and trailing commas are fine: it is a JSONC file
  "rules": { "iam/json-syntax": "warning", },
  "ignore": ["build/", "**/*.generated.json"],
  "policyFiles": ["infra/**/*.json"],
  "sqlFiles": ["warehouse/grants/*.sql"],
  "policyTypes": [
    { "files": "buckets/*.json", "type": "resource" },
    { "files": ["trust/*.json", "roles/*-trust.json"], "type": "trust" }
  ],
  "profiles": [{ "files": "tool/*.json", "profile": "some-tool", "values": { "bucket": "b", "n": 3 } }]
}`;
    const { config, problems } = parseConfig(text, knownRule);
    assert.deepEqual(problems, []);
    assert.deepEqual(config, {
      rules: { 'iam/json-syntax': 'warning' },
      ignore: ['build/', '**/*.generated.json'],
      policyFiles: ['infra/**/*.json'],
      sqlFiles: ['warehouse/grants/*.sql'],
      policyTypes: [
        { files: ['buckets/*.json'], type: 'resource' },
        { files: ['trust/*.json', 'roles/*-trust.json'], type: 'trust' },
      ],
      profiles: [{ files: ['tool/*.json'], profile: 'some-tool', values: { bucket: 'b' } }],
      overrides: [],
    });
  });

  it('gives the empty config for {}', () => {
    assert.deepEqual(parseConfig('{}'), { config: emptyConfig(), problems: [] });
  });

  it('rejects a document that is not an object, at 1:1', () => {
    for (const text of ['[]', '"rules"', '42', 'null']) {
      const { config, problems } = parseConfig(text);
      assert.deepEqual(config, emptyConfig(), text);
      assert.deepEqual(show(problems), ['1:1 The configuration must be a JSON object.'], text);
    }
    const empty = parseConfig('');
    assert.deepEqual(empty.config, emptyConfig());
    assert.ok(empty.problems.length > 0, 'an empty file is reported');
  });

  it('reports JSON syntax errors where they are, and keeps what could be read', () => {
    const text = '{\n  "rules": { "iam/json-syntax": "off" }\n  "ignore": ["dist/"]\n}';
    const { config, problems } = parseConfig(text, knownRule);
    assert.deepEqual(show(problems), ['3:3 JSON syntax error: CommaExpected']);
    assert.deepEqual(config.rules, { 'iam/json-syntax': 'off' });
    assert.deepEqual(config.ignore, ['dist/']);
  });

  it('reports an unknown key at that key, even when its name appears earlier as a value', () => {
    const text = '{\n  "ignore": ["rule"],\n  "rule": {}\n}';
    assert.deepEqual(show(parseConfig(text).problems), [
      '3:3 Unknown key "rule" (known: rules, ignore, policyFiles, sqlFiles, policyTypes, profiles, overrides).',
    ]);
  });

  it('reports a bad severity or an unknown rule at its id, and keeps the valid entries', () => {
    const text = '{\n  "ignore": ["iam/json-syntax"],\n  "rules": {\n    "iam/json-syntax": "loud",\n    "iam/no-such-rule": "off"\n  }\n}';
    const { config, problems } = parseConfig(text, knownRule);
    assert.deepEqual(show(problems), [
      '4:5 Severity of "iam/json-syntax" must be one of error, warning, info, hint, off.',
      '5:5 Unknown rule id "iam/no-such-rule".',
    ]);
    assert.deepEqual(config.rules, {});
    const ok = parseConfig('{ "rules": { "iam/json-syntax": "hint", "iam/no-such-rule": "off" } }', knownRule);
    assert.deepEqual(ok.config.rules, { 'iam/json-syntax': 'hint' });
  });

  it('accepts any rule id when no registry check is given', () => {
    assert.deepEqual(parseConfig('{ "rules": { "x/y": "error" } }').config.rules, { 'x/y': 'error' });
  });

  it('requires arrays of strings for ignore, policyFiles and sqlFiles', () => {
    const text = '{\n  "ignore": "build/",\n  "policyFiles": ["a.json", 3],\n  "sqlFiles": ["grants/*.sql"]\n}';
    const { config, problems } = parseConfig(text);
    assert.deepEqual(show(problems), ['2:3 "ignore" must be an array of glob strings.', '3:3 "policyFiles" must be an array of glob strings.']);
    assert.deepEqual(config.ignore, []);
    assert.deepEqual(config.policyFiles, []);
    assert.deepEqual(config.sqlFiles, ['grants/*.sql']);
  });

  it('reports each bad policyTypes or profiles entry at the entry and keeps the good ones', () => {
    const text = `{
  "policyTypes": [
    { "files": "a/*.json", "type": "resource" },
    { "files": "b/*.json", "type": "bucket" },
    { "type": "trust" },
    { "files": [], "type": "trust" }
  ],
  "profiles": [
    { "files": "t/*.json" },
    { "files": "t/*.json", "profile": "p" }
  ]
}`;
    const { config, problems } = parseConfig(text);
    const entry = 'Each "policyTypes" entry needs "files" (glob or globs) and "type" (identity, resource, trust, kms-key or scp).';
    assert.deepEqual(show(problems), [
      `4:5 ${entry}`,
      `5:5 ${entry}`,
      `6:5 ${entry}`,
      '9:5 Each "profiles" entry needs "files" (glob or globs) and "profile" (a profile id).',
    ]);
    assert.deepEqual(config.policyTypes, [{ files: ['a/*.json'], type: 'resource' }]);
    assert.deepEqual(config.profiles, [{ files: ['t/*.json'], profile: 'p', values: {} }]);
  });

  it('refuses globs past the limits at the glob, naming the key, and keeps the others', () => {
    const long = `${'*a'.repeat(300)}*b`;
    const text = `{
  "ignore": ["build/", ${JSON.stringify(long)}],
  "policyFiles": ["!keep.json", "*.{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}"],
  "policyTypes": [{ "files": "@(x|y).json", "type": "trust" }, { "files": ["t/*.json", "!u.json"], "type": "trust" }]
}`;
    const { config, problems } = parseConfig(text);
    assert.deepEqual(show(problems), [
      `2:24 The glob "${long.slice(0, 77)}..." in "ignore" is ignored: it is longer than 512 characters.`,
      '3:19 The glob "!keep.json" in "policyFiles" is ignored: a leading "!" (negation) is not supported; list the paths to match instead.',
      '3:33 The glob "*.{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}" in "policyFiles" is ignored: it expands to more than 64 alternatives.',
      '4:21 The glob "@(x|y).json" in "policyTypes" is ignored: extended glob syntax ("@(") is not supported; use {a,b} alternatives, or escape the parenthesis.',
      '4:88 The glob "!u.json" in "policyTypes" is ignored: a leading "!" (negation) is not supported; list the paths to match instead.',
    ]);
    assert.deepEqual(config.ignore, ['build/']);
    assert.deepEqual(config.policyFiles, []);
    assert.deepEqual(config.policyTypes, [{ files: ['t/*.json'], type: 'trust' }], 'an entry left without globs is dropped');
  });

  it('counts the globs of every key together: past 256 the rest are ignored, with one problem each', () => {
    const globs = Array.from({ length: 200 }, (_, i) => `f${i}.json`);
    const { config, problems } = parseConfig(JSON.stringify({ ignore: globs, sqlFiles: globs }));
    assert.equal(config.ignore.length, 200);
    assert.equal(config.sqlFiles.length, 56);
    assert.equal(problems.length, 144);
    assert.match(problems[0]!.message, /^The glob "f56.json" in "sqlFiles" is ignored: there are more than 256 globs/);
  });

  it('rejects a rules value that is not an object', () => {
    const { problems } = parseConfig('{"rules": ["iam/json-syntax"]}');
    assert.deepEqual(show(problems), ['1:2 "rules" must be an object of rule id → severity.']);
  });

  it('refuses absurdly deep nesting without overflowing the stack', () => {
    const deep = `{"rules": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const { config, problems } = parseConfig(deep);
    assert.deepEqual(config, emptyConfig());
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /nested deeper than/);
  });
});
