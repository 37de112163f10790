// DataHub: the Redshift ingestion user's system-view grants and unrestricted SYSLOG access.

import { REDSHIFT_PASSWORD, redshiftUserPlaceholder } from './placeholderSpecs';
import type { GrantTemplate, Profile } from './types';

// System views DataHub reads for metadata, lineage and usage (superuser-only unless granted).
const SYSTEM_VIEWS = [
  'svv_table_info',
  'svv_external_tables',
  'svv_external_columns',
  'svv_external_schemas',
  'svv_redshift_databases',
  'svv_redshift_schemas',
  'pg_class_info',
  'svv_datashares',
  'stv_mv_info',
];

const grants: GrantTemplate[] = SYSTEM_VIEWS.map((view) => ({
  privileges: ['SELECT'],
  objectKind: 'table',
  object: `pg_catalog.${view}`,
  grantee: '${user}',
}));

export const datahubProfiles: Profile[] = [
  {
    vendor: 'datahub',
    vendorTitle: 'DataHub',
    id: 'datahub/redshift-ingestion',
    title: 'Redshift ingestion user',
    kind: 'redshift-sql',
    source: { seed: 'notes/redshift.md', url: 'https://datahubproject.io/docs/generated/ingestion/sources/redshift', title: 'DataHub — Redshift ingestion source' },
    placeholders: [redshiftUserPlaceholder('datahub_user'), REDSHIFT_PASSWORD],
    user: {
      name: '${user}',
      password: '${password}',
      options: ['SYSLOG ACCESS UNRESTRICTED'],
      why: 'Lets the user see other users\' rows in STL/SVL/STV views (query history for lineage and usage).',
    },
    grants,
    notes: ['SYSLOG ACCESS UNRESTRICTED can also be given later with ALTER USER … WITH SYSLOG ACCESS UNRESTRICTED.'],
    corrections: [],
  },
];
