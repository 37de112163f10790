// A local IAM-compatible test server: the IAM Query protocol (form-encoded POST, XML answers and errors) on 127.0.0.1,
// answering from fixture accounts with GrantCheck's evaluator, with switches for throttling, denial, slowness and bad credentials.

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseIamDocument } from '../../server/src/engine/iam/document';
import { evaluateRequest, type Evaluation, type RequestContext } from '../../server/src/engine/iam/evaluate';
import { LineIndex } from '../../server/src/engine/text';

export interface FixtureManagedPolicy {
  name: string;
  arn: string;
  document: object;
  versionId?: string;
}

export interface FixturePrincipal {
  name: string;
  path?: string;
  /** ARNs of attached managed policies. */
  attached?: string[];
  inline?: { name: string; document: object }[];
  /** ARN of a managed policy used as permissions boundary. */
  boundary?: string;
  trust?: object;
}

export interface FixtureAccount {
  accountId: string;
  managedPolicies: FixtureManagedPolicy[];
  roles: FixturePrincipal[];
  users: FixturePrincipal[];
}

export interface ServerBehaviour {
  /** Answer the next N requests with a Throttling error. */
  throttleNext?: number;
  /** Actions answered with AccessDenied. */
  denyActions?: string[];
  /** Delay before every answer, in ms. */
  delayMs?: number;
  /** Answer every request with ExpiredToken. */
  expiredToken?: boolean;
  /** Answer with SignatureDoesNotMatch, echoing the Authorization and token headers (as AWS echoes the string to sign). */
  signatureMismatch?: boolean;
  /** Items per page of List* and Simulate* answers unless MaxItems is smaller. */
  pageSize?: number;
  /** Replaces the simulator's decision for a request (return undefined to keep it): makes AWS and GrantCheck disagree on purpose. */
  overrideDecision?: (action: string, resource: string) => 'allowed' | 'implicitDeny' | 'explicitDeny' | undefined;
}

export interface RecordedRequest {
  action: string;
  params: URLSearchParams;
  headers: http.IncomingHttpHeaders;
}

export interface IamTestServer {
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Every Action received, in order. */
  readonly actions: string[];
  behaviour: ServerBehaviour;
  close(): Promise<void>;
}

const XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const CREATED = '2024-01-15T10:00:00Z';

type XmlValue = string | number | boolean | undefined | XmlValue[] | { [key: string]: XmlValue };

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Objects become elements, arrays become `<member>` lists, undefined is left out. */
function toXml(value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join('');
  }
  return escapeXml(String(value));
}

/** Policies are stored and returned as this text, so that reported statement positions point into it. */
function policyText(document: object): string {
  return JSON.stringify(document, null, 2);
}

/** 1-based line and column where each statement starts in the policy's text (IAM's StartPosition). */
function statementPositions(document: object): { Line: number; Column: number }[] {
  const text = policyText(document);
  const lines = new LineIndex(text);
  return parseIamDocument(text).statements.map((st) => {
    const p = lines.positionAt(st.node.offset);
    return { Line: p.line + 1, Column: p.character + 1 };
  });
}

class IamError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** `Prefix.member.1`, `Prefix.member.2`… as a list. */
function memberList(params: URLSearchParams, prefix: string): string[] {
  const out: string[] = [];
  for (let i = 1; params.has(`${prefix}.member.${i}`); i++) out.push(params.get(`${prefix}.member.${i}`)!);
  return out;
}

function contextFrom(params: URLSearchParams): RequestContext {
  const context: RequestContext = {};
  for (let i = 1; params.has(`ContextEntries.member.${i}.ContextKeyName`); i++) {
    const base = `ContextEntries.member.${i}`;
    const key = params.get(`${base}.ContextKeyName`)!;
    const type = params.get(`${base}.ContextKeyType`) ?? 'string';
    const values = memberList(params, `${base}.ContextKeyValues`);
    context[key] = type.endsWith('List') ? values : (values[0] ?? '');
  }
  return context;
}

interface PolicySource {
  id: string;
  type: string;
  document: object;
}

interface Principal {
  kind: 'role' | 'user';
  fixture: FixturePrincipal;
  arn: string;
}

export async function startIamTestServer(account: FixtureAccount, behaviour: ServerBehaviour = {}): Promise<IamTestServer> {
  const requests: RecordedRequest[] = [];
  const state = { behaviour };

  const arnOf = (kind: 'role' | 'user', p: FixturePrincipal): string => `arn:aws:iam::${account.accountId}:${kind}${p.path ?? '/'}${p.name}`;
  const principals = (): Principal[] => [
    ...account.roles.map((fixture) => ({ kind: 'role' as const, fixture, arn: arnOf('role', fixture) })),
    ...account.users.map((fixture) => ({ kind: 'user' as const, fixture, arn: arnOf('user', fixture) })),
  ];
  const findPrincipal = (kind: 'role' | 'user', name: string | null): Principal => {
    const found = principals().find((p) => p.kind === kind && p.fixture.name === name);
    if (!found) throw new IamError(404, 'NoSuchEntity', `The ${kind} with name ${name ?? ''} cannot be found.`);
    return found;
  };
  const managed = (arn: string | null): FixtureManagedPolicy => {
    const found = account.managedPolicies.find((m) => m.arn === arn);
    if (!found) throw new IamError(404, 'NoSuchEntity', `Policy ${arn ?? ''} does not exist or is not attachable.`);
    return found;
  };

  /** A page of items: Marker is the start index, as an opaque string. */
  const page = <T>(items: T[], params: URLSearchParams): { items: T[]; IsTruncated: boolean; Marker: string | undefined } => {
    const start = params.get('Marker') ? Number(Buffer.from(params.get('Marker')!, 'base64').toString('utf8')) : 0;
    const size = Math.min(Number(params.get('MaxItems') ?? 100), state.behaviour.pageSize ?? 100);
    const slice = items.slice(start, start + size);
    const next = start + size;
    return { items: slice, IsTruncated: next < items.length, Marker: next < items.length ? Buffer.from(String(next)).toString('base64') : undefined };
  };

  const principalXml = (p: Principal): Record<string, XmlValue> =>
    p.kind === 'role'
      ? {
          Path: p.fixture.path ?? '/',
          RoleName: p.fixture.name,
          RoleId: `AROA${p.fixture.name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`,
          Arn: p.arn,
          CreateDate: CREATED,
          AssumeRolePolicyDocument: p.fixture.trust ? encodeURIComponent(policyText(p.fixture.trust)) : undefined,
          PermissionsBoundary: p.fixture.boundary ? { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: p.fixture.boundary } : undefined,
        }
      : {
          Path: p.fixture.path ?? '/',
          UserName: p.fixture.name,
          UserId: `AIDA${p.fixture.name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`,
          Arn: p.arn,
          CreateDate: CREATED,
          PermissionsBoundary: p.fixture.boundary ? { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: p.fixture.boundary } : undefined,
        };

  /** Identity-policy decision as IAM's simulator reports it, boundary included. */
  const simulate = (sources: PolicySource[], boundary: PolicySource | undefined, action: string, resource: string, context: RequestContext): Record<string, XmlValue> => {
    const evaluations = sources.map((s) => ({ source: s, evaluation: evaluateRequest(parseIamDocument(policyText(s.document)), action, resource, context) }));
    const denying = evaluations.filter((e) => e.evaluation.decision === 'explicitDeny');
    const allowing = evaluations.filter((e) => e.evaluation.decision === 'allowed');
    let decision = denying.length > 0 ? 'explicitDeny' : allowing.length > 0 ? 'allowed' : 'implicitDeny';
    let matched = denying.length > 0 ? denying : allowing;
    let boundaryAllows: boolean | undefined;
    const missing = new Set(evaluations.flatMap((e) => e.evaluation.missingContextKeys));
    if (boundary) {
      const b: Evaluation = evaluateRequest(parseIamDocument(policyText(boundary.document)), action, resource, context);
      boundaryAllows = b.decision === 'allowed';
      if (b.decision === 'explicitDeny') {
        decision = 'explicitDeny';
        matched = [{ source: boundary, evaluation: b }];
      } else if (decision === 'allowed' && !boundaryAllows) {
        decision = 'implicitDeny';
        matched = [];
      }
    }
    const overridden = state.behaviour.overrideDecision?.(action, resource);
    if (overridden !== undefined && overridden !== decision) {
      decision = overridden;
      matched = [];
    }
    return {
      EvalActionName: action,
      EvalResourceName: resource,
      EvalDecision: decision,
      MatchedStatements: matched.flatMap((m) =>
        m.evaluation.matchedStatements
          .filter((s) => (decision === 'explicitDeny' ? s.effect === 'Deny' : s.effect === 'Allow'))
          .map((s) => ({ SourcePolicyId: m.source.id, SourcePolicyType: m.source.type, StartPosition: statementPositions(m.source.document)[s.index], EndPosition: statementPositions(m.source.document)[s.index] })),
      ),
      MissingContextValues: [...missing],
      PermissionsBoundaryDecisionDetail: boundary ? { AllowedByPermissionsBoundary: boundaryAllows } : undefined,
    };
  };

  const simulateAll = (sources: PolicySource[], boundary: PolicySource | undefined, params: URLSearchParams): Record<string, XmlValue> => {
    const actions = memberList(params, 'ActionNames');
    if (actions.length === 0) throw new IamError(400, 'ValidationError', "1 validation error detected: Value null at 'actionNames' failed to satisfy constraint: Member must not be null");
    const resources = memberList(params, 'ResourceArns');
    const context = contextFrom(params);
    const results: Record<string, XmlValue>[] = [];
    for (const resource of resources.length > 0 ? resources : ['*']) for (const action of actions) results.push(simulate(sources, boundary, action, resource, context));
    const p = page(results, params);
    return { EvaluationResults: p.items, IsTruncated: p.IsTruncated, Marker: p.Marker };
  };

  const principalPolicies = (p: Principal): { sources: PolicySource[]; boundary: PolicySource | undefined } => ({
    sources: [
      ...(p.fixture.attached ?? []).map((arn) => {
        const m = managed(arn);
        return { id: m.name, type: 'user-managed', document: m.document };
      }),
      ...(p.fixture.inline ?? []).map((i) => ({ id: i.name, type: p.kind, document: i.document })),
    ],
    boundary: p.fixture.boundary ? { id: managed(p.fixture.boundary).name, type: 'permissions boundary policy', document: managed(p.fixture.boundary).document } : undefined,
  });

  const handlers: Record<string, (params: URLSearchParams) => Record<string, XmlValue>> = {
    ListRoles: (params) => {
      const p = page(principals().filter((x) => x.kind === 'role'), params);
      return { Roles: p.items.map(principalXml), IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
    ListUsers: (params) => {
      const p = page(principals().filter((x) => x.kind === 'user'), params);
      return { Users: p.items.map(principalXml), IsTruncated: p.IsTruncated, Marker: p.Marker };
    },
    GetRole: (params) => ({ Role: principalXml(findPrincipal('role', params.get('RoleName'))) }),
    GetUser: (params) => ({ User: principalXml(findPrincipal('user', params.get('UserName'))) }),
    ListAttachedRolePolicies: (params) => attachedPage(findPrincipal('role', params.get('RoleName')), params),
    ListAttachedUserPolicies: (params) => attachedPage(findPrincipal('user', params.get('UserName')), params),
    ListRolePolicies: (params) => namesPage(findPrincipal('role', params.get('RoleName')), params),
    ListUserPolicies: (params) => namesPage(findPrincipal('user', params.get('UserName')), params),
    GetRolePolicy: (params) => inlinePolicy(findPrincipal('role', params.get('RoleName')), params.get('PolicyName'), 'RoleName'),
    GetUserPolicy: (params) => inlinePolicy(findPrincipal('user', params.get('UserName')), params.get('PolicyName'), 'UserName'),
    GetPolicy: (params) => {
      const m = managed(params.get('PolicyArn'));
      return { Policy: { PolicyName: m.name, PolicyId: `ANPA${m.name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`, Arn: m.arn, Path: '/', DefaultVersionId: m.versionId ?? 'v1', AttachmentCount: 1, IsAttachable: true, CreateDate: CREATED, UpdateDate: CREATED } };
    },
    GetPolicyVersion: (params) => {
      const m = managed(params.get('PolicyArn'));
      const version = params.get('VersionId');
      if (version !== (m.versionId ?? 'v1')) throw new IamError(404, 'NoSuchEntity', `Policy ${m.arn} version ${version ?? ''} does not exist or is not attachable.`);
      return { PolicyVersion: { Document: encodeURIComponent(policyText(m.document)), VersionId: version, IsDefaultVersion: true, CreateDate: CREATED } };
    },
    SimulatePrincipalPolicy: (params) => {
      const arn = params.get('PolicySourceArn');
      const p = principals().find((x) => x.arn === arn);
      if (!p) throw new IamError(404, 'NoSuchEntity', `The entity ${arn ?? ''} cannot be found.`);
      const { sources, boundary } = principalPolicies(p);
      return simulateAll(sources, boundary, params);
    },
    SimulateCustomPolicy: (params) => {
      const sources = memberList(params, 'PolicyInputList').map((text, i) => ({ id: `PolicyInputList.${i + 1}`, type: 'IAM Policy', document: JSON.parse(text) as object }));
      const boundaries = memberList(params, 'PermissionsBoundaryPolicyInputList');
      const boundary = boundaries[0] ? { id: 'PermissionsBoundaryPolicyInputList.1', type: 'permissions boundary policy', document: JSON.parse(boundaries[0]) as object } : undefined;
      return simulateAll(sources, boundary, params);
    },
  };

  function attachedPage(p: Principal, params: URLSearchParams): Record<string, XmlValue> {
    const items = (p.fixture.attached ?? []).map((arn) => ({ PolicyName: managed(arn).name, PolicyArn: arn }));
    const pg = page(items, params);
    return { AttachedPolicies: pg.items, IsTruncated: pg.IsTruncated, Marker: pg.Marker };
  }

  function namesPage(p: Principal, params: URLSearchParams): Record<string, XmlValue> {
    const pg = page((p.fixture.inline ?? []).map((i) => i.name), params);
    return { PolicyNames: pg.items, IsTruncated: pg.IsTruncated, Marker: pg.Marker };
  }

  function inlinePolicy(p: Principal, name: string | null, nameKey: 'RoleName' | 'UserName'): Record<string, XmlValue> {
    const policy = (p.fixture.inline ?? []).find((i) => i.name === name);
    if (!policy) throw new IamError(404, 'NoSuchEntity', `The ${p.kind} policy with name ${name ?? ''} cannot be found.`);
    return { [nameKey]: p.fixture.name, PolicyName: policy.name, PolicyDocument: encodeURIComponent(policyText(policy.document)) };
  }

  let counter = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const action = params.get('Action') ?? '';
      requests.push({ action, params, headers: req.headers });
      const requestId = `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;
      const send = (status: number, body: string): void => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
        res.end(body);
      };
      const answer = (): void => {
        try {
          const b = state.behaviour;
          if (!req.headers.authorization) throw new IamError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
          if (b.expiredToken) throw new IamError(403, 'ExpiredToken', 'The security token included in the request is expired');
          if (b.signatureMismatch) {
            throw new IamError(
              403,
              'SignatureDoesNotMatch',
              `The request signature we calculated does not match the signature you provided. The String-to-Sign and headers were: ${req.headers.authorization} X-Amz-Security-Token=${String(req.headers['x-amz-security-token'] ?? '')}`,
            );
          }
          if (b.throttleNext && b.throttleNext > 0) {
            b.throttleNext--;
            throw new IamError(400, 'Throttling', 'Rate exceeded');
          }
          if (params.get('Version') !== '2010-05-08') throw new IamError(400, 'InvalidParameterValue', 'Unsupported or missing Version');
          if (b.denyActions?.includes(action)) {
            throw new IamError(
              403,
              'AccessDenied',
              `User: arn:aws:iam::${account.accountId}:user/ci is not authorized to perform: iam:${action} on resource: ${params.get('PolicySourceArn') ?? '*'} because no identity-based policy allows the iam:${action} action`,
            );
          }
          const handler = handlers[action];
          if (!handler) throw new IamError(400, 'InvalidAction', `The action ${action} is not valid for this endpoint.`);
          const result = handler(params);
          send(200, `<${action}Response xmlns="${XMLNS}"><${action}Result>${toXml(result)}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`);
        } catch (error) {
          const e = error instanceof IamError ? error : new IamError(500, 'ServiceFailure', error instanceof Error ? error.message : String(error));
          send(
            e.status,
            `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${e.status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${escapeXml(e.code)}</Code><Message>${escapeXml(e.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
          );
        }
      };
      const delay = state.behaviour.delayMs ?? 0;
      if (delay > 0) setTimeout(answer, delay);
      else answer();
    });
  });
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get actions() {
      return requests.map((r) => r.action);
    },
    get behaviour() {
      return state.behaviour;
    },
    set behaviour(value: ServerBehaviour) {
      state.behaviour = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
