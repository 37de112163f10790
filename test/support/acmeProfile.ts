// A team's own profile file (.grantcheck/profiles/acme.json) as tests write it: one identity profile with one
// placeholder and one statement. Shared by the CLI pool and editor workspace-profile tests.

export const ACME_LOADER_PROFILE = {
  vendor: 'acme',
  vendorTitle: 'Acme Loader',
  profiles: [
    {
      id: 'acme/loader',
      title: 'Loader role',
      kind: 'identity',
      source: { url: 'https://docs.example.com/acme/aws', title: 'Acme — AWS setup', checked: '2026-12-01' },
      placeholders: [{ name: 'bucket', label: 'bucket', description: 'The landing bucket.', validation: 's3-bucket', example: 'acme-landing' }],
      statements: [{ sid: 'AcmeObjects', actions: ['s3:GetObject', 's3:PutObject'], resources: ['arn:aws:s3:::${bucket}/*'] }],
      notes: [],
      corrections: [],
    },
  ],
};
