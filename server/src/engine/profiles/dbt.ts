// dbt: the Redshift user's grants for building models from source tables (Redshift-correct syntax).

import { REDSHIFT_PASSWORD, redshiftNamePlaceholder, redshiftUserPlaceholder } from './placeholderSpecs';
import type { Profile } from './types';

export const dbtProfiles: Profile[] = [
  {
    vendor: 'dbt',
    vendorTitle: 'dbt',
    id: 'dbt/redshift-user',
    title: 'Redshift user building models',
    kind: 'redshift-sql',
    source: { seed: 'notes/redshift.md', title: 'dbt — Redshift setup' },
    placeholders: [
      redshiftUserPlaceholder('dbt_user'),
      REDSHIFT_PASSWORD,
      redshiftNamePlaceholder('targetSchema', 'The schema dbt builds models in.', 'analytics'),
      redshiftNamePlaceholder('sourceSchema', 'A schema of source tables dbt reads.', 'source_data'),
    ],
    user: { name: '${user}', password: '${password}', options: [] },
    grants: [
      { privileges: ['USAGE', 'CREATE'], objectKind: 'schema', object: '${targetSchema}', grantee: '${user}', why: 'Build tables and views in the target schema.' },
      { privileges: ['USAGE'], objectKind: 'schema', object: '${sourceSchema}', grantee: '${user}', why: 'Reach the source tables.' },
      { privileges: ['SELECT'], objectKind: 'all-tables', object: '${sourceSchema}', grantee: '${user}', why: 'Read the source tables.' },
    ],
    notes: [
      'Repeat the source-schema grants for every schema dbt reads.',
      'Tables created in the source schema later need ALTER DEFAULT PRIVILEGES (or a new grant).',
    ],
    corrections: [
      {
        published: 'grant create table on schema …',
        corrected: 'GRANT CREATE ON SCHEMA …',
        why: 'Redshift has no CREATE TABLE privilege; CREATE on a schema allows creating objects in it.',
      },
      {
        published: 'grant select on all views in database …',
        corrected: 'GRANT SELECT ON ALL TABLES IN SCHEMA … (per schema)',
        why: 'Redshift grants on ALL TABLES IN SCHEMA (views included); there is no ALL VIEWS IN DATABASE form.',
      },
    ],
  },
];
