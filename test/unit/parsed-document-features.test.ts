// Editor features given the document the server already parsed answer exactly as when they parse the text themselves.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completeIam } from '../../server/src/engine/iam/completion';
import { parseIamDocument } from '../../server/src/engine/iam/document';
import { hoverIam } from '../../server/src/engine/iam/hover';
import { completeRedshift } from '../../server/src/engine/redshift/completion';
import { parseRedshiftScript } from '../../server/src/engine/redshift/parser';
import { testData } from '../support/data';

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Read",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:Get*", "s3:"],
      "Resource": "arn:aws:s3:::reports-bucket/*",
      "Condition": { "StringEquals": { "aws:PrincipalTag/team": "\${aws:username}" }, "": {} }
    },
    { "": "" }
  ]
}
`;

const SQL = 'CREATE USER bob PASSWORD DISABLE;\nCREATE GROUP analysts;\nGRANT SELECT ON ALL TABLES IN SCHEMA sales TO ;\nALTER GROUP analysts ADD USER \n';

describe('features on an already-parsed document', () => {
  const data = testData();
  const doc = parseIamDocument(POLICY);

  it('IAM completion and hover: the same answer at every offset, with or without the parsed document', () => {
    let answered = 0;
    for (let offset = 0; offset <= POLICY.length; offset++) {
      const completion = completeIam(POLICY, offset, data, { doc });
      assert.deepEqual(completion, completeIam(POLICY, offset, data), `completion at ${offset}`);
      assert.deepEqual(hoverIam(POLICY, offset, data, doc), hoverIam(POLICY, offset, data), `hover at ${offset}`);
      if (completion.items.length > 0) answered++;
    }
    assert.ok(answered > 20, 'the offsets exercise completion');
  });

  it('Redshift completion: the same answer at every offset, with or without the parsed script', () => {
    const script = parseRedshiftScript(SQL);
    let answered = 0;
    for (let offset = 0; offset <= SQL.length; offset++) {
      const completion = completeRedshift(SQL, offset, script);
      assert.deepEqual(completion, completeRedshift(SQL, offset), `completion at ${offset}`);
      if (completion.items.some((i) => i.label === 'bob' || i.label === 'analysts')) answered++;
    }
    assert.ok(answered > 0, 'names the script creates are offered');
  });
});
