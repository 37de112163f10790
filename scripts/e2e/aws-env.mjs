// Environment for the VS Code e2e runs: fake static AWS credentials so that "Verify against AWS account" signs its
// requests to the local IAM test server without ever reading the user's ~/.aws config or real credentials.

/** Fake but well-formed; recognisable if they leak. The test server accepts any key. */
export const E2E_AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIAE2EFAKEKEYTEST01',
  AWS_SECRET_ACCESS_KEY: 'e2eFakeSecretNotReal/abcdefghijklmnopqrst',
  AWS_REGION: 'us-east-1',
  // A set AWS_PROFILE makes the SDK's default chain skip the environment credentials: cleared (an empty value counts as unset).
  AWS_PROFILE: '',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
};

/** `env` with the fake AWS credentials in and every other AWS_* variable of the user's shell out. */
export function withE2eAwsEnv(env) {
  const out = Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('AWS_')));
  return { ...out, ...E2E_AWS_ENV };
}
