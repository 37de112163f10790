// Integrate.io: the Redshift destination user's grants.

import { REDSHIFT_PASSWORD, redshiftNamePlaceholder, redshiftUserPlaceholder } from './placeholderSpecs';
import type { Profile } from './types';

export const integrateioProfiles: Profile[] = [
  {
    vendor: 'integrateio',
    vendorTitle: 'Integrate.io',
    id: 'integrateio/redshift-destination',
    title: 'Redshift destination user',
    kind: 'redshift-sql',
    source: { seed: 'notes/redshift.md', title: 'Integrate.io — Amazon Redshift connection' },
    placeholders: [
      redshiftUserPlaceholder('integrateio_user'),
      REDSHIFT_PASSWORD,
      redshiftNamePlaceholder('database', 'The destination database.', 'analytics'),
      redshiftNamePlaceholder('schema', 'The schema Integrate.io writes to.', 'integrateio'),
    ],
    user: { name: '${user}', password: '${password}', options: [] },
    grants: [
      { privileges: ['CREATE', 'TEMPORARY'], objectKind: 'database', object: '${database}', grantee: '${user}', why: 'Create schemas and session temporary tables.' },
      { privileges: ['USAGE', 'CREATE'], objectKind: 'schema', object: '${schema}', grantee: '${user}', why: 'Create and use tables in its schema.' },
    ],
    notes: [],
    corrections: [],
  },
];
