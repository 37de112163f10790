// Profile data and helpers: every profile is well-formed and consistent with the AWS data; validation, bindings, witnesses.

import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { allProfiles, profileById, profilesByVendor } from '../../server/src/engine/profiles';
import { sqlBindingComment, sqlBindingLine } from '../../server/src/engine/profiles/binding';
import { bindingHover } from '../../server/src/engine/profiles/hover';
import { profilesFromData } from '../../server/src/engine/profiles/load';
import { renderDocument, renderSnippet, usedPlaceholders } from '../../server/src/engine/profiles/render';
import { requiredActions, requiredGrants } from '../../server/src/engine/profiles/requirements';
import { isIamProfile } from '../../server/src/engine/profiles/types';
import { checkValues, exampleValues, templateVariables, validatePlaceholderValue } from '../../server/src/engine/profiles/validation';
import { commonInstance, templateTokens } from '../../server/src/engine/profiles/witness';
import { testData } from '../support/data';

describe('every profile is well-formed', () => {
  for (const profile of allProfiles) {
    it(profile.id, () => {
      assert.match(profile.id, /^[a-z0-9-]+\/[a-z0-9-]+$/);
      assert.equal(profile.id.split('/')[0], profile.vendor);
      assert.ok(/^https:\/\//.test(profile.source.url) && profile.source.title.length > 0 && /^\d{4}-\d{2}-\d{2}$/.test(profile.source.checked));
      // Every placeholder a template uses is declared, and every declared one is used.
      const declared = profile.placeholders.map((p) => p.name);
      const used = usedPlaceholders(profile).map((p) => p.name);
      assert.deepEqual([...used].sort(), [...declared].sort());
      const templates = isIamProfile(profile)
        ? profile.statements.flatMap((s) => [...s.resources, ...(s.principal ? [s.principal.value] : [])])
        : profile.grants.flatMap((g) => [g.object, g.grantee]);
      for (const name of templates.flatMap(templateVariables)) assert.ok(declared.includes(name), `${name} is declared`);
      // Examples and defaults are valid values.
      for (const spec of profile.placeholders) {
        assert.equal(validatePlaceholderValue(spec, spec.example), undefined, `${spec.name} example ${spec.example}`);
        if (spec.default !== undefined) assert.equal(validatePlaceholderValue(spec, spec.default), undefined);
        for (const other of spec.mustDifferFrom ?? []) assert.ok(profileById(other.profile)?.placeholders.some((p) => p.name === other.placeholder), `${other.profile}.${other.placeholder} exists`);
      }
      if (isIamProfile(profile)) {
        const data = testData();
        for (const statement of profile.statements) {
          for (const action of statement.actions) {
            const [service, name] = action.split(':');
            if (name!.includes('*')) assert.ok(data.actions(service!).some((a) => new RegExp(`^${name!.replace('*', '.*')}$`, 'i').test(a.name)), action);
            else assert.ok(data.action(service!, name!), `${action} exists in the AWS data`);
          }
        }
        // Each required action can apply to at least one of its statement's resources.
        for (const r of requiredActions(profile, exampleValues(profile), data, true)) {
          if (profile.kind === 'trust') assert.equal(r.templates.length, 0);
          else assert.ok(r.resources.length > 0 || r.everyResource, `${r.action} has a resource shape it can apply to`);
        }
      } else {
        assert.ok(requiredGrants(profile, {}).length > 0 || (profile.user?.options.length ?? 0) > 0);
      }
    });
  }
});

test('profiles are grouped by vendor; ids are unique', () => {
  assert.equal(new Set(allProfiles.map((p) => p.id)).size, allProfiles.length);
  const groups = profilesByVendor();
  assert.equal(groups.reduce((n, g) => n + g.profiles.length, 0), allProfiles.length);
  assert.ok(groups.every((g) => g.profiles.every((p) => p.vendor === g.vendor)));
});

test('every seed artifact has a profile (INDEX.md of the research notes)', () => {
  const ids = new Set(allProfiles.map((p) => p.id));
  for (const id of [
    'structural/dynamodb-source', 'structural/dynamodb-source-s3', 'structural/dynamodb-destination', 'structural/dynamodb-destination-s3', 'structural/dynamodb-destination-logs',
    'structural/redshift-lambda-role', 'structural/redshift-lambda-trust', 'structural/redshift-kms-key-policy', 'structural/redshift-kms-role-permissions',
    'structural/redshift-server-pipeline-v2', 'structural/redshift-server-sqs-lambda', 'structural/redshift-source', 'structural/redshift-source-superuser', 'structural/redshift-destination',
    'artie/dynamodb-streams', 'artie/dynamodb-streams-trust', 'matillion/streaming-s3-bucket-policy', 'matillion/streaming-agent-s3', 'aws-data-pipeline/dynamodb-export-bucket-policy',
    'airbyte/redshift-destination', 'stitch/redshift-destination', 'integrateio/redshift-destination', 'datahub/redshift-ingestion', 'dbt/redshift-user',
  ]) assert.ok(ids.has(id), id);
});

test('published defects are corrected, and the correction says so', () => {
  const artie = profileById('artie/dynamodb-streams');
  assert.ok(artie && isIamProfile(artie));
  const location = artie.statements.find((s) => s.actions.includes('s3:GetBucketLocation'))!;
  assert.deepEqual(location.resources, ['arn:aws:s3:::${exportBucket}']);
  assert.ok(artie.corrections.some((c) => /GetBucketLocation/.test(c.published)));
  const server = profileById('structural/redshift-server-sqs-lambda')!;
  assert.ok(server.corrections.some((c) => /unquoted <ARN to Structural Lambda Role>/.test(c.published)));
  assert.ok(server.corrections.some((c) => /StopQuery/.test(c.published)));
  assert.ok(profileById('aws-data-pipeline/dynamodb-export-bucket-policy')!.corrections.some((c) => /comma/.test(c.published)));
  // The published page's ${region}/${account_id} become the profile's own placeholders.
  assert.match(renderDocument(server, { ...exampleValues(server) }), /arn:aws:logs:us-east-1:111122223333:log-group:\/aws\/lambda\/tonic-\*/);
});

describe('placeholder validation', () => {
  const spec = (name: string) => allProfiles.flatMap((p) => p.placeholders).find((p) => p.name === name)!;
  const cases: [string, string, boolean][] = [
    ['sourceBucket', 'acme-src', true],
    ['sourceBucket', 'ab', false],
    ['sourceBucket', 'Acme', false],
    ['sourceBucket', 'a..b', false],
    ['sourceBucket', '192.168.1.1', false],
    ['sourceBucket', 'xn--bucket', false],
    ['sourceBucket', 'bucket-s3alias', false],
    ['accountId', '111122223333', true],
    ['accountId', '11112222333', false],
    ['region', 'us-gov-west-1', true],
    ['region', 'US-EAST-1', false],
    ['agentRoleArn', 'arn:aws:iam::111122223333:role/path/agent', true],
    ['agentRoleArn', 'arn:aws:iam::111122223333:user/agent', false],
    ['kmsKeyArn', 'arn:aws:kms:us-east-1:111122223333:alias/sqs', true],
    ['user', 'tonic_user', true],
    ['user', 'user', false],
    ['user', 'Tonic', false],
    ['password', 'Example-Passw0rd', true],
    ['password', 'short1A', false],
    ['password', 'no-digits-Here', false],
    ['password', 'has/slash1A', false],
    ['password', 'DISABLE', true],
    ['password', 'md5' + '0123456789abcdef'.repeat(2), true],
    // resource-name: stream and environment names become part of an ARN, so ':' and '/' are refused.
    ['environmentName', 'Analytics_Airflow-2', true],
    ['environmentName', 'env:prod', false],
    ['deliveryStreamName', 'logs/stream', false],
    ['deliveryStreamName', '-leading-hyphen', false],
    ['deliveryStreamName', 'x'.repeat(81), false],
  ];
  for (const [name, value, valid] of cases) {
    it(`${name}=${value} is ${valid ? 'valid' : 'invalid'}`, () => {
      assert.equal(validatePlaceholderValue(spec(name), value) === undefined, valid);
    });
  }
  it('checkValues applies defaults and names unknown and missing values', () => {
    const profile = profileById('structural/redshift-server-sqs-lambda')!;
    const checked = checkValues(profile, { region: 'eu-west-1', extra: 'x' });
    assert.equal(checked.values.namePrefix, 'tonic-');
    assert.deepEqual(checked.missing.map((p) => p.name), ['accountId', 'lambdaRoleArn']);
    assert.match(checked.problems[0]!, /unknown placeholder "extra"/);
  });
});

test('SQL binding comments round-trip, with quoted values', () => {
  const line = sqlBindingLine({ id: 'structural/redshift-source', values: { user: 'tonic_user', schema: 'my schema' } });
  assert.equal(line, '-- grantcheck-profile: structural/redshift-source user=tonic_user schema="my schema"');
  const parsed = sqlBindingComment(`\n${line}\nGRANT USAGE ON SCHEMA x TO y;`)!;
  assert.deepEqual(parsed.binding, { id: 'structural/redshift-source', values: { user: 'tonic_user', schema: 'my schema' } });
  assert.equal(sqlBindingComment('GRANT USAGE ON SCHEMA x TO y; -- grantcheck-profile: a/b'), undefined);
});

describe('witnesses: one string matched by several patterns', () => {
  it('finds the shortest common instance, or none', () => {
    assert.equal(commonInstance(['arn:aws:s3:::tonic-*', 'arn:aws:s3:::*-data']), 'arn:aws:s3:::tonic-data');
    assert.equal(commonInstance(['arn:aws:s3:::a/*', 'arn:aws:s3:::b/*']), undefined);
    assert.equal(commonInstance(['a?c', 'ab*']), 'abc');
  });
  it('a bucket name never holds "/": bucket/* is no bucket', () => {
    const bucket = templateTokens('arn:${Partition}:s3:::${BucketName}');
    assert.equal(commonInstance([bucket, 'arn:aws:s3:::artie-transfer-test/*']), undefined);
    assert.equal(commonInstance([bucket, 'arn:aws:s3:::artie-*']), 'arn:aws:s3:::artie-');
    // A log group name may hold "/" (it is the last field).
    assert.ok(commonInstance([templateTokens('arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}'), 'arn:aws:logs:*:*:log-group:/aws/lambda/*']));
  });
});

test('hover on a binding comment: the profile, its source, values and notes; nothing elsewhere', () => {
  const text = '-- grantcheck-profile: structural/redshift-source user=tonic_user\nGRANT USAGE ON SCHEMA public TO tonic_user;\n';
  const hover = bindingHover(text, 10)!;
  assert.equal(text.slice(hover.start, hover.end), '-- grantcheck-profile: structural/redshift-source user=tonic_user');
  assert.match(hover.markdown, /\*\*Tonic Structural\\: Redshift — source database user\*\*/);
  assert.match(hover.markdown, /`user` = `tonic_user` · `password` = \*any\* · `schema` = \*any\*/);
  assert.match(hover.markdown, /ALTER DEFAULT PRIVILEGES/);
  assert.equal(bindingHover(text, text.indexOf('GRANT') + 2), undefined);
  assert.match(bindingHover('// grantcheck-profile: nobody/nothing\n{}', 5)!.markdown, /Unknown profile `nobody\/nothing`/);
});

test('placeholders in a condition (an external id) are filled by new and become snippet tabstops', () => {
  const loaded = profilesFromData({
    vendor: 'acme',
    vendorTitle: 'Acme',
    profiles: [
      {
        id: 'acme/trust',
        title: 'Trust',
        kind: 'trust',
        source: { url: 'https://docs.example.com/trust', title: 'Trust', checked: '2026-12-06' },
        placeholders: [
          { name: 'vendorArn', label: 'vendor-arn', description: 'x', validation: 'iam-principal-arn', example: 'arn:aws:iam::123456789012:root' },
          { name: 'externalId', label: 'external-id', description: 'x', validation: 'external-id', example: 'acme-1234' },
        ],
        statements: [{ principal: { type: 'AWS', value: '${vendorArn}' }, actions: ['sts:AssumeRole'], resources: [], condition: { StringEquals: { 'sts:ExternalId': ['${externalId}'] } } }],
        notes: [],
        corrections: [],
      },
    ],
  });
  assert.deepEqual(loaded.problems, []);
  const profile = loaded.profiles[0]!;
  const doc = JSON.parse(renderDocument(profile, { vendorArn: 'arn:aws:iam::123456789012:root', externalId: 'acme-1234' }));
  assert.deepEqual(doc.Statement[0].Condition, { StringEquals: { 'sts:ExternalId': 'acme-1234' } });
  assert.match(renderSnippet(profile), /"sts:ExternalId": "\$\{2:<external-id>\}"/);
});
