// Stitch: the Redshift destination user's grants.

import { REDSHIFT_PASSWORD, redshiftNamePlaceholder, redshiftUserPlaceholder } from './placeholderSpecs';
import type { Profile } from './types';

export const stitchProfiles: Profile[] = [
  {
    vendor: 'stitch',
    vendorTitle: 'Stitch',
    id: 'stitch/redshift-destination',
    title: 'Redshift destination user',
    kind: 'redshift-sql',
    source: { seed: 'notes/redshift.md', title: 'Stitch — connecting an Amazon Redshift destination' },
    placeholders: [redshiftUserPlaceholder('stitch_user'), REDSHIFT_PASSWORD, redshiftNamePlaceholder('database', 'The destination database.', 'analytics')],
    user: { name: '${user}', password: '${password}', options: [] },
    grants: [
      { privileges: ['CREATE'], objectKind: 'database', object: '${database}', grantee: '${user}', why: 'Stitch creates its own schemas; CREATE on a schema is not a substitute.' },
      { privileges: ['SELECT'], objectKind: 'all-tables', object: 'information_schema', grantee: '${user}', why: 'Read the catalog to discover existing tables.' },
      { privileges: ['SELECT'], objectKind: 'all-tables', object: 'pg_catalog', grantee: '${user}', why: 'Read the catalog to discover existing tables.' },
    ],
    notes: ['CREATE on the database is required: granting CREATE on a schema instead is not enough.'],
    corrections: [],
  },
];
