// The policies data-tool vendors publish (test/fixtures/vendor-published, filled with the profiles' example values),
// bound to their profiles: a user who follows a correct page gets no missing-permission finding, and where a profile
// records a correction, the published policy really has the defect (or the gap) the correction names.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintText } from '../../server/src/engine/lint';
import { profileById } from '../../server/src/engine/profiles';
import { isIamProfile } from '../../server/src/engine/profiles/types';
import { exampleValues } from '../../server/src/engine/profiles/validation';
import { testData } from '../support/data';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'vendor-published');

function lintPublished(file: string, id: string, values: Record<string, string> = {}) {
  const profile = profileById(id);
  assert.ok(profile && isIamProfile(profile), id);
  const text = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
  const bound = { ...exampleValues(profile), ...values };
  return lintText(text, { data: testData(), kind: 'iam-policy', profile: { id, values: bound } }).findings;
}

const missing = (findings: ReturnType<typeof lintPublished>) =>
  findings.filter((f) => f.ruleId === 'iam/missing-required-permission').map((f) => f.message.split(' ')[3]);

const serious = (findings: ReturnType<typeof lintPublished>) =>
  findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => `${f.ruleId}: ${f.message}`);

describe('published policies that match their profile raise nothing', () => {
  const cases: [string, string, Record<string, string>?][] = [
    ['airbyte-s3-source.json', 'airbyte/s3-source'],
    ['hevo-s3-source.json', 'hevo/s3-source'],
    ['aws-dms-s3-target.json', 'aws-dms/s3-target-role'],
    ['aws-glue-crawler-s3.json', 'aws-glue/crawler-s3'],
    ['databricks-uc-storage-credential.json', 'databricks/uc-storage-credential'],
    // One statement naming both principals satisfies the profile's two statements (one principal each).
    ['databricks-uc-storage-credential-trust.json', 'databricks/uc-storage-credential-trust'],
    // Fivetran's s3:Get* / s3:List* over-grant (the correction), but they cover everything the connector needs.
    ['fivetran-s3-source.json', 'fivetran/s3-source'],
  ];
  for (const [file, id, values] of cases) {
    it(`${id} (${file})`, () => {
      assert.deepEqual(serious(lintPublished(file, id, values)), []);
    });
  }
});

describe('published defects the profiles correct are really there', () => {
  it("Snowflake: the s3:prefix condition shared with GetBucketLocation never allows it", () => {
    const findings = lintPublished('snowflake-storage-integration.json', 'snowflake/storage-integration-s3');
    const conditionFindings = findings.filter((f) => f.ruleId === 'iam/condition-key-support');
    assert.equal(conditionFindings.length, 1);
    assert.match(conditionFindings[0]!.message, /s3:GetBucketLocation/);
    const profile = profileById('snowflake/storage-integration-s3');
    assert.ok(profile && isIamProfile(profile));
    const location = profile.statements.find((s) => s.actions.includes('s3:GetBucketLocation'))!;
    assert.equal(location.condition, undefined, 'the profile asks for GetBucketLocation without the condition');
    assert.ok(profile.corrections.some((c) => /GetBucketLocation/.test(c.published) && /s3:prefix/.test(c.published)));
  });

  it("Debezium on MSK Connect: AWS's execution-role policy lets the connector write none of its own topics", () => {
    const findings = lintPublished('msk-connect-execution-role.json', 'debezium/msk-connect-role');
    assert.deepEqual(
      [...new Set(missing(findings))].sort(),
      ['kafka-cluster:CreateTopic', 'kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData', 'kafka-cluster:WriteData'],
    );
    assert.ok(findings.filter((f) => f.ruleId === 'iam/missing-required-permission').every((f) => /inventory/.test(f.message)), 'only the topics under the topic prefix are missing');
    assert.ok(profileById('debezium/msk-connect-role')!.corrections.some((c) => /topic\.prefix/.test(c.corrected)));
  });

  it('MSK ARNs are long: with some values unbound, the grants on the cluster, internal topics and groups still count', () => {
    // The witness search over a topic ARN with a cluster UUID, its profile shape and Kafka's topic type is over the
    // search budget; profiles/grants.ts then pairs shape and entry first (a false "not granted" otherwise).
    const partial: Record<string, string>[] = [{}, { region: 'us-east-1' }, { region: 'us-east-1', accountId: '111122223333' }, { region: 'us-east-1', accountId: '111122223333', clusterName: 'example-msk-cluster' }];
    const text = fs.readFileSync(path.join(FIXTURES, 'msk-connect-execution-role.json'), 'utf8');
    for (const values of partial) {
      // Unbound, the topic prefix is "some prefix": the internal topics' grant is an instance of it, so nothing is missing.
      const findings = lintText(text, { data: testData(), kind: 'iam-policy', profile: { id: 'debezium/msk-connect-role', values } }).findings;
      assert.deepEqual(serious(findings), [], JSON.stringify(values));
    }
  });
});
