// Whether "Verify Redshift script against database" goes through the Redshift Data API, and with what: pure (tested
// without VS Code). The Data API is used when the user's settings name grantcheck.redshift.clusterIdentifier or
// .workgroupName. Like the PostgreSQL settings, only the user's (global) values count: a workspace cannot choose which
// account, cluster or endpoint receives requests signed with the user's AWS credentials.

import { checkIamEndpoint } from '../../server/src/aws/endpointPolicy';
import { resolveDataApiTarget, type DataApiAwsSettings, type DataApiSettingNames, type DataApiTarget } from '../../server/src/node/redshiftVerify/dataApi';

/** The user's value of a setting, e.g. `globalValue('grantcheck.redshift', 'clusterIdentifier')`. */
export type GlobalSetting = (section: 'grantcheck.redshift' | 'grantcheck.aws', key: string) => unknown;

const SETTING_NAMES: DataApiSettingNames = {
  cluster: 'grantcheck.redshift.clusterIdentifier',
  workgroup: 'grantcheck.redshift.workgroupName',
  database: 'grantcheck.redshift.database',
  dbUser: 'grantcheck.redshift.dbUser',
  secretArn: 'grantcheck.redshift.secretArn',
};

function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The Data API target and AWS settings; undefined when the settings name no cluster or workgroup; or what is wrong. */
export function dataApiChoice(globalValue: GlobalSetting): { target: DataApiTarget; aws: DataApiAwsSettings } | { error: string } | undefined {
  const redshift = (key: string): string | undefined => stringValue(globalValue('grantcheck.redshift', key));
  const target = resolveDataApiTarget(
    { cluster: redshift('clusterIdentifier'), workgroup: redshift('workgroupName'), database: redshift('database'), dbUser: redshift('dbUser'), secretArn: redshift('secretArn') },
    SETTING_NAMES,
  );
  if (target === undefined || 'error' in target) return target;
  const allowInsecure = globalValue('grantcheck.aws', 'allowInsecureEndpoint') === true;
  const verdict = checkIamEndpoint(redshift('dataApiEndpoint'), { allowInsecure, service: 'Redshift Data API' });
  if (!verdict.allowed) {
    return { error: `GrantCheck is ${verdict.reason}${verdict.insecure ? '. Use https://, or set grantcheck.aws.allowInsecureEndpoint in your user settings if you mean it' : ''}` };
  }
  const profile = stringValue(globalValue('grantcheck.aws', 'profile'));
  const region = redshift('region');
  return {
    target,
    aws: {
      ...(profile !== undefined ? { profile } : {}),
      ...(region !== undefined ? { region } : {}),
      ...(verdict.endpoint !== undefined ? { endpoint: verdict.endpoint } : {}),
      ...(allowInsecure ? { allowInsecureEndpoint: true } : {}),
    },
  };
}
