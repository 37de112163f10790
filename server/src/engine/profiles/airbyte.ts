// Airbyte: the Redshift destination user's grants.

import { REDSHIFT_PASSWORD, redshiftNamePlaceholder, redshiftUserPlaceholder } from './placeholderSpecs';
import type { Profile } from './types';

export const airbyteProfiles: Profile[] = [
  {
    vendor: 'airbyte',
    vendorTitle: 'Airbyte',
    id: 'airbyte/redshift-destination',
    title: 'Redshift destination user',
    kind: 'redshift-sql',
    source: { seed: 'notes/redshift.md', url: 'https://docs.airbyte.com/integrations/destinations/redshift', title: 'Airbyte — Redshift destination' },
    placeholders: [
      redshiftUserPlaceholder('airbyte_user'),
      REDSHIFT_PASSWORD,
      redshiftNamePlaceholder('database', 'The destination database.', 'analytics'),
      redshiftNamePlaceholder('schema', 'The schema Airbyte writes to.', 'airbyte'),
    ],
    user: { name: '${user}', password: '${password}', options: [] },
    grants: [
      { privileges: ['CREATE'], objectKind: 'database', object: '${database}', grantee: '${user}', why: 'Create the schemas Airbyte writes to.' },
      { privileges: ['USAGE', 'CREATE'], objectKind: 'schema', object: '${schema}', grantee: '${user}', why: 'Create and use tables in the destination schema.' },
    ],
    notes: [],
    corrections: [],
  },
];
