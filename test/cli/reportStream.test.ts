// The reports a run streams file by file (cli/formatters.ts reportStream) are the documents written at once:
// JSON and SARIF exactly as JSON.stringify(…, null, 2) lays out the whole value, stylish as its one-shot form.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatStylish, reportPiece, reportStream, sarifLog, toJson, type ReportFile } from '../../server/src/cli/formatters';
import { reportedOutcome } from '../../server/src/cli/lintWorker';
import { lintText } from '../../server/src/engine/lint';
import { sharedIamData } from '../../server/src/node/iamDataFiles';

const data = sharedIamData();

function file(name: string, text: string, kind: 'iam-policy' | 'redshift-sql' = 'iam-policy'): ReportFile {
  return { file: name, kind, detection: { kind, reason: 'test', explicit: false }, findings: lintText(text, { data, kind }).findings };
}

const FILES: ReportFile[] = [
  file('clean.json', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] })),
  // A typo with a safe fix, a message with quotes and a line break in a string value.
  file('dir with space/typo "quoted".json', JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'a\nb', Effect: 'Allow', Action: ['s3:GetObjects'], Resource: '*' }] }, null, 2)),
  file('grants.sql', "CREATE USER bob PASSWORD 'Secret123';\nGRANT ALL ON ALL TABLES IN SCHEMA s TO PUBLIC;\n", 'redshift-sql'),
  file('broken.json', '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow" } { } ] }'),
];

function streamed(format: 'json' | 'sarif' | 'stylish', files: readonly ReportFile[], quiet: boolean, color = false): string {
  const stream = reportStream(format, quiet, { color, version: '9.9.9' });
  return files.map((f) => stream.file(f)).join('') + stream.end();
}

describe('streamed reports', () => {
  it('have findings to show (the comparisons below are not between empty reports)', () => {
    assert.ok(FILES.filter((f) => f.findings.length > 0).length >= 3);
    assert.ok(FILES.some((f) => f.findings.some((x) => x.fix)));
    assert.ok(FILES.some((f) => f.findings.some((x) => x.severity === 'error')));
  });

  for (const quiet of [false, true]) {
    for (const files of [FILES, [], [FILES[0]!], [FILES[2]!, FILES[1]!]]) {
      const label = `${files.length} file(s)${quiet ? ', --quiet' : ''}`;
      it(`JSON is JSON.stringify of the whole array (${label})`, () => {
        assert.equal(streamed('json', files, quiet), JSON.stringify(toJson(files, quiet), null, 2));
      });
      it(`SARIF is JSON.stringify of the whole log (${label})`, () => {
        assert.equal(streamed('sarif', files, quiet), JSON.stringify(sarifLog(files, quiet, '9.9.9'), null, 2));
      });
    }
  }

  it('stylish chunks are one block per file with findings, then the summary', () => {
    const stream = reportStream('stylish', false, { color: false, version: '9.9.9' });
    const chunks = FILES.map((f) => stream.file(f));
    assert.equal(chunks[0], '', 'nothing for a clean file');
    assert.match(chunks[1]!, /^dir with space\/typo "quoted"\.json\n {2}\d+:\d+ +\w+ +.*\n\n$/s);
    const end = stream.end();
    assert.match(end, /^✖ \d+ problems \(\d+ errors?, \d+ warnings?/);
    assert.equal(chunks.join('') + end, formatStylish(FILES, false, false));
    assert.equal(streamed('stylish', [], false), '');
  });

  // A lint worker sends each file's piece (reportPiece, through structured cloning) instead of its findings; the main
  // thread's stream joins them: the report must be the one written from the findings.
  for (const format of ['json', 'sarif', 'stylish'] as const) {
    for (const quiet of [false, true]) {
      for (const files of [FILES, [], [FILES[0]!, FILES[0]!], [FILES[2]!, FILES[1]!, FILES[3]!]]) {
        it(`${format}${quiet ? ', --quiet' : ''}: pieces made apart join into the same report (${files.length} file(s))`, () => {
          const options = { format, quiet, color: format === 'stylish', version: '9.9.9' };
          const stream = reportStream(format, quiet, options);
          const joined = files.map((f) => stream.piece(structuredClone(reportPiece(options, f)))).join('') + stream.end();
          assert.equal(joined, streamed(format, files, quiet, options.color));
        });
      }
    }
  }

  it('a worker reports a file as its piece and its error and warning counts, for any report format', () => {
    const options = { format: 'stylish' as const, quiet: true, color: false, version: '9.9.9' };
    for (const f of FILES) {
      const outcome = reportedOutcome({ index: 0, file: f.file, read: true, problems: [], result: f }, options);
      assert.equal(outcome.result, undefined, 'no findings are sent');
      assert.deepEqual(outcome.reported, {
        piece: reportPiece(options, f),
        errors: f.findings.filter((x) => x.severity === 'error').length,
        warnings: f.findings.filter((x) => x.severity === 'warning').length,
      });
    }
    assert.ok(FILES.some((f) => f.findings.some((x) => x.severity === 'warning')), 'warnings are counted even when --quiet hides them');
    // Without report options (a run that fixes files), the outcome keeps its findings.
    const whole = { index: 0, file: 'a.json', read: true, problems: [], result: FILES[1]! };
    assert.equal(reportedOutcome(whole, undefined), whole);
  });
});
