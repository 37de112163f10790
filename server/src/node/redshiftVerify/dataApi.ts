// verify-sql over the Redshift Data API: the same catalog queries as the PostgreSQL wire protocol path, sent as
// ExecuteStatement, waited for with DescribeStatement (bounded, polling interval growing from a short start) and read
// with GetStatementResult. Targets: a provisioned cluster (database user with temporary credentials, a Secrets Manager
// secret, or the IAM identity itself) or a serverless workgroup (the IAM identity, or a secret).
// https://docs.aws.amazon.com/redshift/latest/mgmt/data-api.html (authentication methods; named parameters `:name`,
// values are non-empty strings, NULL cannot be passed: so a NULL parameter is written as the literal NULL and an empty
// one as '' in our own fixed text, never a value taken from the script).
//
// Read-only: the Data API runs each statement in its own transaction and has no read-only mode, so read-only is
// guaranteed before sending: a statement leaves only if its text is one of the fixed catalog SELECTs of catalog.ts
// (CATALOG_SQL, compared whole), with the script's names as parameters; the client (aws/redshiftData.ts) refuses every
// API operation but ExecuteStatement, DescribeStatement and GetStatementResult. A statement that outlives the wait is
// left to finish (it only reads): cancelling it would need a fourth operation.

import { AwsAccessError } from '../../aws/errors';
import type { DataApiField, ExecuteInput, RedshiftDataCaller, RedshiftDataOptions, ResultPage } from '../../aws/redshiftData';
import { CATALOG_SQL } from './catalog';
import { DatabaseConnectionError, ReadOnlyViolation, type QueryFn, type ReadOnlySession } from './session';

export type DataApiTarget =
  | { kind: 'cluster'; clusterIdentifier: string; database: string; dbUser?: string; secretArn?: string }
  | { kind: 'workgroup'; workgroupName: string; database: string; secretArn?: string };

/** What the CLI options or editor settings name (all optional; no secret value among them: a secret ARN only points to one). */
export interface DataApiSettings {
  cluster?: string;
  workgroup?: string;
  database?: string;
  dbUser?: string;
  secretArn?: string;
}

function text(value: string | undefined): string | undefined {
  const t = value?.trim();
  return t ? t : undefined;
}

/** How messages name each setting: CLI options by default; the editor passes its setting names. */
export type DataApiSettingNames = Record<keyof DataApiSettings, string>;

export const CLI_OPTION_NAMES: DataApiSettingNames = { cluster: '--cluster', workgroup: '--workgroup', database: '--database', dbUser: '--db-user', secretArn: '--secret-arn' };

/**
 * The Data API target the settings name; undefined when they name neither a cluster nor a workgroup (then verify-sql
 * uses the PostgreSQL wire protocol); or what is wrong with them.
 */
export function resolveDataApiTarget(settings: DataApiSettings, names: DataApiSettingNames = CLI_OPTION_NAMES): DataApiTarget | { error: string } | undefined {
  const cluster = text(settings.cluster);
  const workgroup = text(settings.workgroup);
  const database = text(settings.database);
  const dbUser = text(settings.dbUser);
  const secretArn = text(settings.secretArn);
  if (cluster === undefined && workgroup === undefined) {
    if (dbUser !== undefined) return { error: `${names.dbUser} needs ${names.cluster}` };
    if (secretArn !== undefined) return { error: `${names.secretArn} needs ${names.cluster} or ${names.workgroup}` };
    return undefined;
  }
  if (cluster !== undefined && workgroup !== undefined) return { error: `give either ${names.cluster} (a provisioned cluster) or ${names.workgroup} (Redshift Serverless), not both` };
  if (database === undefined) return { error: `${names.database} is required with ${cluster !== undefined ? names.cluster : names.workgroup} (the Data API has no default database)` };
  if (dbUser !== undefined && secretArn !== undefined) return { error: `give either ${names.dbUser} (temporary credentials) or ${names.secretArn} (a Secrets Manager secret), not both` };
  if (workgroup !== undefined) {
    if (dbUser !== undefined) return { error: `${names.dbUser} applies to provisioned clusters only: a serverless workgroup signs in as your IAM identity, or use ${names.secretArn}` };
    return { kind: 'workgroup', workgroupName: workgroup, database, ...(secretArn !== undefined ? { secretArn } : {}) };
  }
  return { kind: 'cluster', clusterIdentifier: cluster!, database, ...(dbUser !== undefined ? { dbUser } : {}), ...(secretArn !== undefined ? { secretArn } : {}) };
}

/** `cluster my-cluster/dev` or `workgroup analytics/dev`: what reports name the database by (no user, no secret). */
export function describeDataApiTarget(t: DataApiTarget): string {
  return t.kind === 'cluster' ? `cluster ${t.clusterIdentifier}/${t.database}` : `workgroup ${t.workgroupName}/${t.database}`;
}

/** How the target signs in, for messages: the permission the AWS identity needs besides redshift-data:*. */
export function credentialPermission(t: DataApiTarget): string {
  if (t.secretArn !== undefined) return 'secretsmanager:GetSecretValue on the secret';
  if (t.kind === 'workgroup') return 'redshift-serverless:GetCredentials';
  return t.dbUser !== undefined ? 'redshift:GetClusterCredentials' : 'redshift:GetClusterCredentialsWithIAM';
}

const CATALOG_TEXTS: ReadonlySet<string> = new Set(Object.values(CATALOG_SQL));

/** Whether `sql` may be sent over the Data API: exactly one of the catalog's fixed SELECT texts. */
export function isCatalogStatement(sql: string): boolean {
  return CATALOG_TEXTS.has(sql);
}

/**
 * A catalog text with `$1`-style placeholders in the Data API's form: `$n` → `:pn`, `$n::type` → `CAST(:pn AS type)`;
 * a NULL value becomes the literal NULL and an empty string '' (the Data API accepts neither as a parameter). Values
 * always travel as parameters; only these two constants are ever written into the text.
 */
export function toDataApiStatement(sql: string, params: readonly unknown[]): { sql: string; parameters: { name: string; value: string }[] } {
  const parameters: { name: string; value: string }[] = [];
  const named = new Set<number>();
  const out = sql.replace(/\$(\d+)(?:::([a-z]+))?/g, (_match, digits: string, type: string | undefined) => {
    const n = Number(digits);
    if (n < 1 || n > params.length) throw new Error(`catalog statement uses $${n} but has ${params.length} parameters`);
    const value = params[n - 1];
    let placeholder: string;
    if (value === null || value === undefined) placeholder = 'NULL';
    else if (String(value) === '') placeholder = "''";
    else {
      placeholder = `:p${n}`;
      if (!named.has(n)) {
        named.add(n);
        parameters.push({ name: `p${n}`, value: String(value) });
      }
    }
    return type ? `CAST(${placeholder} AS ${type})` : placeholder;
  });
  return { sql: out, parameters };
}

function fieldValue(f: DataApiField): unknown {
  if (f.isNull) return null;
  if (f.booleanValue !== undefined) return f.booleanValue;
  if (f.longValue !== undefined) return f.longValue;
  if (f.doubleValue !== undefined) return f.doubleValue;
  if (f.stringValue !== undefined) return f.stringValue;
  if (f.blobValue !== undefined) return Buffer.from(f.blobValue).toString('base64');
  return null;
}

/** Result records as plain row objects keyed by column label. */
export function rowsOf(page: ResultPage): Record<string, unknown>[] {
  return page.records.map((record) => {
    const row: Record<string, unknown> = {};
    page.columns.forEach((name, i) => {
      const field = record[i];
      row[name] = field ? fieldValue(field) : null;
    });
    return row;
  });
}

/** A catalog statement the cluster ran and failed (e.g. a name that does not exist); `code` is set for "does not exist". */
export class DataApiStatementError extends Error {
  readonly code: string | undefined;
  constructor(message: string, readonly databaseError: string) {
    super(message);
    // The catalog treats a missing name as "not held"; the Data API gives only the message, not the SQLSTATE.
    this.code = /\bdoes not exist\b/i.test(databaseError) ? '42704' : undefined;
  }
}

export interface DataApiSessionOptions {
  caller: RedshiftDataCaller;
  /** First wait before DescribeStatement, doubled after each poll up to maxPollIntervalMs. Default 50 ms. */
  pollIntervalMs?: number;
  /** Default 1000 ms. */
  maxPollIntervalMs?: number;
  /** How long one statement may take before verify-sql gives up. Default 120 s (a paused serverless workgroup resumes first). */
  statementTimeoutMs?: number;
  /** Clock and wait (tests replace them: no real sleeping). */
  now?: () => number;
  wait?: (ms: number) => Promise<void>;
}

const MAX_RESULT_PAGES = 1000;

function connectionErrorOf(error: AwsAccessError): DatabaseConnectionError | ReadOnlyViolation {
  switch (error.kind) {
    case 'read-only':
      return new ReadOnlyViolation(error.message);
    case 'no-credentials':
    case 'sso-expired':
    case 'expired-credentials':
    case 'invalid-credentials':
      return new DatabaseConnectionError('auth', error.message);
    case 'access-denied':
      return new DatabaseConnectionError('access-denied', error.message);
    case 'not-found':
      return new DatabaseConnectionError('not-found', error.message);
    case 'timeout':
      return new DatabaseConnectionError('timeout', error.message);
    case 'network':
      return new DatabaseConnectionError('network', error.message);
    case 'throttled':
      return new DatabaseConnectionError('throttled', error.message);
    default:
      return new DatabaseConnectionError('other', error.message);
  }
}

/** A session whose `query` runs guarded catalog SELECTs through the Data API (no transaction to recover or close). */
export function openDataApiSession(target: DataApiTarget, options: DataApiSessionOptions): ReadOnlySession {
  const { caller } = options;
  const now = options.now ?? Date.now;
  const wait = options.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const firstInterval = options.pollIntervalMs ?? 50;
  const maxInterval = options.maxPollIntervalMs ?? 1000;
  const timeoutMs = options.statementTimeoutMs ?? 120_000;
  const name = describeDataApiTarget(target);
  const base: Omit<ExecuteInput, 'Sql' | 'Parameters'> = {
    Database: target.database,
    ...(target.kind === 'cluster' ? { ClusterIdentifier: target.clusterIdentifier } : { WorkgroupName: target.workgroupName }),
    ...(target.kind === 'cluster' && target.dbUser !== undefined ? { DbUser: target.dbUser } : {}),
    ...(target.secretArn !== undefined ? { SecretArn: target.secretArn } : {}),
  };

  const run = async (sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]> => {
    const statement = toDataApiStatement(sql, params);
    const id = await caller.execute({ ...base, Sql: statement.sql, ...(statement.parameters.length > 0 ? { Parameters: statement.parameters } : {}) });
    const deadline = now() + timeoutMs;
    let interval = firstInterval;
    for (;;) {
      await wait(interval);
      const d = await caller.describe(id);
      if (d.status === 'FINISHED') {
        if (d.hasResultSet === false) return [];
        break;
      }
      if (d.status === 'FAILED') throw new DataApiStatementError(`a catalog query failed on ${name}: ${d.error ?? 'no reason given'}`, d.error ?? '');
      if (d.status === 'ABORTED') throw new DatabaseConnectionError('other', `a catalog query was cancelled on ${name} (by an administrator or a workload management rule)`);
      if (now() >= deadline) {
        throw new DatabaseConnectionError('timeout', `timed out after ${Math.round(timeoutMs / 1000)} s waiting for a catalog query on ${name} (status ${d.status || 'unknown'}): is the cluster paused, resuming or busy?`);
      }
      interval = Math.min(interval * 2, maxInterval);
    }
    const rows: Record<string, unknown>[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_RESULT_PAGES; page++) {
      const result = await caller.result(id, token);
      rows.push(...rowsOf(result));
      if (!result.nextToken) break;
      token = result.nextToken;
    }
    return rows;
  };

  const query: QueryFn = async (sql, params = []) => {
    if (!isCatalogStatement(sql)) throw new ReadOnlyViolation(`refused to send a statement that is not one of the catalog SELECTs: ${sql.slice(0, 40)}`);
    try {
      return await run(sql, params);
    } catch (error) {
      if (error instanceof AwsAccessError) throw connectionErrorOf(error);
      throw error;
    }
  };
  return {
    query,
    recover: async () => undefined,
    close: async () => undefined,
  };
}

/** AWS settings of the Data API path (CLI options, editor settings). */
export interface DataApiAwsSettings {
  profile?: string;
  region?: string;
  endpoint?: string;
  allowInsecureEndpoint?: boolean;
}

/** The SDK-backed caller, loaded on first use so that linting never pays for the AWS SDK. */
export async function sdkDataApiCaller(target: DataApiTarget, aws: DataApiAwsSettings, extra: Partial<RedshiftDataOptions> = {}): Promise<RedshiftDataCaller> {
  const { createRedshiftDataCaller } = await import('../../aws/redshiftData.js');
  try {
    return createRedshiftDataCaller({
      ...(aws.profile ? { profile: aws.profile } : {}),
      ...(aws.region ? { region: aws.region } : {}),
      ...(aws.endpoint ? { endpoint: aws.endpoint } : {}),
      ...(aws.allowInsecureEndpoint ? { allowInsecureEndpoint: true } : {}),
      targetName: target.kind === 'cluster' ? `cluster ${target.clusterIdentifier}` : `workgroup ${target.workgroupName}`,
      credentialPermission: credentialPermission(target),
      ...extra,
    });
  } catch (error) {
    if (error instanceof AwsAccessError) throw connectionErrorOf(error);
    throw error;
  }
}
