// Text from a repository (binding values, Sids, profile ids, file names) reaches the requirements report, the binding
// hover and the verify report as text: rendered as VS Code's markdown preview does (markdown-it, HTML on), it makes no
// element, link, image or comment of its own.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { VerifyReport } from '../../server/src/aws/verify';
import { markdownCode, markdownText, tableCell } from '../../server/src/engine/markdown';
import { bindingHover } from '../../server/src/engine/profiles/hover';
import { requirementsMarkdown } from '../../server/src/engine/profiles/report';
import { requirementsFor } from '../../server/src/lsp/profiles';
import { verifyReportMarkdown } from '../../server/src/lsp/verify';
import { testData } from '../support/data';

// markdown-it is what VS Code's preview renders with; it is installed with @vscode/vsce (a devDependency).
const MarkdownIt = require('markdown-it') as new (options: object) => { render(text: string): string };
const markdownIt = new MarkdownIt({ html: true, linkify: true });

const ATTACKER = 'attacker.example';
/** Hostile texts; the last ones are valid S3 key prefixes, so they also pass placeholder validation. */
const HOSTILE = [
  `<img src=https://${ATTACKER}/x.png onerror=alert(1)>`,
  `[click here](https://${ATTACKER}/login)`,
  `![pixel](https://${ATTACKER}/p.png)`,
  '<!-- hidden from the reader -->',
  '`code` </code><img src=x> ``fence``',
  '*emphasis* _under_ ~~strike~~ $x$ &lt;b&gt; &#60;i&#62;',
  'line one\n# heading\n\n- list',
  `<img/src=https://${ATTACKER}/y.png/onerror=alert(2)>`,
  `[x](https://${ATTACKER})`,
];

/** What the markdown would put into the page beyond text, paragraphs, tables, code spans, emphasis and GrantCheck's own links. */
function injected(markdown: string): string[] {
  const html = markdownIt.render(markdown);
  const problems: string[] = [];
  for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) {
    const name = /^<([a-z0-9]+)/i.exec(tag)![1]!.toLowerCase();
    if (name === 'a') {
      // The catalogue's links (profile sources, AWS docs) are GrantCheck's; any link to the attacker is injected.
      if (tag.includes(ATTACKER) || tag.includes('"x"') || tag.includes('"y"')) problems.push(tag);
      continue;
    }
    if (!['p', 'code', 'strong', 'em', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'h1', 'h2', 'ul', 'li', 'blockquote', 'br'].includes(name)) problems.push(tag);
  }
  if (html.includes('<!--')) problems.push('<!--');
  return problems;
}

const decode = (html: string): string => html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

describe('markdown escaping helpers', () => {
  test('the checker catches each hostile text when it is not escaped', () => {
    for (const text of HOSTILE.filter((t) => !t.startsWith('line one'))) assert.notDeepEqual(injected(`x ${text} y`), [], text);
  });

  test('markdownText and markdownCode: rendered, the text is shown as it is, and makes nothing', () => {
    for (const text of HOSTILE) {
      const flat = text.replace(/\n+/g, ' ');
      for (const markdown of [`Value: ${markdownText(text)}.`, `Value: ${markdownCode(text)}.`, `| a | b |\n|---|---|\n| ${tableCell(markdownText(text))} | ${tableCell(markdownCode(text))} |`]) {
        assert.deepEqual(injected(markdown), [], `${markdown}\n→ ${markdownIt.render(markdown)}`);
        assert.ok(decode(markdownIt.render(markdown)).includes(flat), `${markdown}\n→ ${markdownIt.render(markdown)}`);
      }
    }
  });
});

describe('reports and hovers with hostile workspace text', () => {
  test('requirements report: hostile Sids in the document (the "granted by" column)', () => {
    for (const sid of HOSTILE) {
      const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::artie-transfer-test' }] });
      const markdown = requirementsMarkdown(doc, { id: 'artie/dynamodb-streams', values: { exportBucket: 'artie-transfer-test' } }, testData())!;
      assert.ok(markdown.includes('s3:ListBucket'));
      assert.deepEqual(injected(markdown), [], markdown);
      assert.ok(decode(markdownIt.render(markdown)).includes(sid.replace(/\n+/g, ' ')), `the Sid is shown: ${sid}`);
    }
  });

  test('requirements report and hover: hostile binding values, valid (in resources) and invalid (in problems)', () => {
    for (const value of HOSTILE) {
      const binding = { id: 'matillion/streaming-agent-s3', values: { destinationBucket: value.replace(/\n/g, ' '), prefix: value } };
      const markdown = requirementsMarkdown('{"Version":"2012-10-17","Statement":[]}', binding, testData())!;
      assert.deepEqual(injected(markdown), [], markdown);
      const comment = `// grantcheck-profile: matillion/streaming-agent-s3 destinationBucket="${value.replace(/[\n"]/g, ' ')}" prefix='${value.replace(/[\n']/g, ' ')}'\n{}`;
      const hover = bindingHover(comment, 5)!;
      assert.deepEqual(injected(hover.markdown), [], hover.markdown);
      const viaLsp = requirementsFor(comment, undefined, testData()).markdown!;
      assert.deepEqual(injected(viaLsp), [], viaLsp);
    }
  });

  test('hostile profile ids: no report for an unknown id, and the hover quotes it as code', () => {
    for (const id of HOSTILE) assert.deepEqual(requirementsFor('{}', { id, values: {} }, testData()), { reason: 'unknown-profile' });
    const hover = bindingHover('-- grantcheck-profile: a_b_/c__d__\nGRANT USAGE ON SCHEMA s TO u;', 5)!;
    assert.match(hover.markdown, /Unknown profile `a_b_\/c__d__`/);
    assert.deepEqual(injected(hover.markdown), []);
  });

  test('verify report: hostile file names, actions, resources and skipped values', () => {
    for (const text of HOSTILE) {
      const report: VerifyReport = {
        principal: 'arn:aws:iam::111122223333:role/r',
        results: [
          {
            action: `s3:${text}`,
            actionPattern: 's3:*',
            resource: `arn:aws:s3:::${text}`,
            decision: 'implicitDeny',
            reason: `no policy allows ${text}`,
            origin: `${text}.policy.json, statement 1`,
            statementIndex: 0,
            matchedStatements: [],
            missingContextValues: [],
            resourcePattern: 'arn:aws:s3:::*',
          },
        ],
        skipped: [{ value: text, origin: `policies/${text}.json`, reason: `placeholder ${text} has no value` }],
      };
      const markdown = verifyReportMarkdown(report);
      assert.deepEqual(injected(markdown), [], markdown);
      assert.ok(decode(markdownIt.render(markdown)).includes(`${text.replace(/\n+/g, ' ')}.policy.json`), `the file name is shown: ${text}`);
    }
  });
});
