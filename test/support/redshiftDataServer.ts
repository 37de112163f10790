// A local Redshift Data API test server: the awsJson1_1 protocol (POST /, X-Amz-Target: RedshiftData.<Operation>,
// JSON in and out, errors as {"__type", "message"} with status 400) on 127.0.0.1, answering each statement from a
// function of its SQL text and named parameters. It records every request, and has switches for access denied, an
// unknown cluster, failing statements, statements that stay running, and an error that echoes the session token.

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Row = Record<string, string | number | boolean | null>;

export interface DataApiBehaviour {
  /** Answer ExecuteStatement with AccessDeniedException; with `echoToken`, the message repeats the X-Amz-Security-Token header. */
  deny?: boolean;
  echoToken?: boolean;
  /** Answer ExecuteStatement with the ValidationException AWS gives for a cluster that is not in the Region. */
  unknownCluster?: boolean;
  /** DescribeStatement says STARTED this many times before FINISHED. */
  pendingPolls?: number;
  /** DescribeStatement never says FINISHED. */
  neverFinish?: boolean;
  /** A statement for which this returns text FAILs with it as Error. */
  fail?: (sql: string) => string | undefined;
}

export interface RecordedDataApiRequest {
  /** The operation, from X-Amz-Target (RedshiftData.ExecuteStatement → ExecuteStatement). */
  operation: string;
  target: string;
  body: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
}

export interface RedshiftDataServer {
  url: string;
  requests: RecordedDataApiRequest[];
  behaviour: DataApiBehaviour;
  close(): Promise<void>;
}

/** Answers a statement: rows, given the SQL text and the parameters by name (p1 → value). */
export type Answer = (sql: string, params: Record<string, string>) => Row[];

interface Statement {
  sql: string;
  rows: Row[] | undefined;
  error: string | undefined;
  polls: number;
}

function field(value: Row[string]): object {
  if (value === null) return { isNull: true };
  if (typeof value === 'boolean') return { booleanValue: value };
  if (typeof value === 'number') return { longValue: value };
  return { stringValue: value };
}

export async function startRedshiftDataServer(answer: Answer): Promise<RedshiftDataServer> {
  const requests: RecordedDataApiRequest[] = [];
  const behaviour: DataApiBehaviour = {};
  const statements = new Map<string, Statement>();
  let next = 0;

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.startsWith('RedshiftData.') ? target.slice('RedshiftData.'.length) : target;
      let body: Record<string, unknown> = {};
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        body = {};
      }
      requests.push({ operation, target, body, headers: req.headers });
      const send = (status: number, payload: object): void => {
        const text = JSON.stringify(payload);
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${requests.length}`, 'content-length': Buffer.byteLength(text) });
        res.end(text);
      };
      const error = (type: string, message: string): void => send(400, { __type: type, message });
      switch (operation) {
        case 'ExecuteStatement': {
          if (behaviour.deny) {
            const token = behaviour.echoToken ? ` (token ${String(req.headers['x-amz-security-token'] ?? '')})` : '';
            return error('AccessDeniedException', `User: arn:aws:iam::111122223333:user/tester is not authorized to perform: redshift-data:ExecuteStatement on resource: arn:aws:redshift:us-east-1:111122223333:cluster:${String(body.ClusterIdentifier)}${token}`);
          }
          if (behaviour.unknownCluster) return error('ValidationException', "Redshift endpoint doesn't exist in this region.");
          const sql = String(body.Sql ?? '');
          const params: Record<string, string> = {};
          for (const p of (body.Parameters as { name: string; value: string }[] | undefined) ?? []) params[p.name] = p.value;
          const id = `stmt-${++next}`;
          const failure = behaviour.fail?.(sql);
          let rows: Row[] | undefined;
          let failed = failure;
          if (failed === undefined) {
            try {
              rows = answer(sql, params);
            } catch (e) {
              failed = `ERROR: test server cannot answer: ${(e as Error).message}`;
            }
          }
          statements.set(id, { sql, rows, error: failed, polls: 0 });
          return send(200, { Id: id, CreatedAt: 1_700_000_000, Database: body.Database, ...(body.ClusterIdentifier ? { ClusterIdentifier: body.ClusterIdentifier } : {}) });
        }
        case 'DescribeStatement': {
          const s = statements.get(String(body.Id));
          if (!s) return error('ResourceNotFoundException', `Query does not exist: ${String(body.Id)}`);
          s.polls++;
          const running = behaviour.neverFinish || s.polls <= (behaviour.pendingPolls ?? 0);
          const status = running ? 'STARTED' : s.error !== undefined ? 'FAILED' : 'FINISHED';
          return send(200, {
            Id: body.Id,
            Status: status,
            QueryString: s.sql,
            ...(status === 'FAILED' ? { Error: s.error } : {}),
            ...(status === 'FINISHED' ? { HasResultSet: true, ResultRows: s.rows!.length } : {}),
          });
        }
        case 'GetStatementResult': {
          const s = statements.get(String(body.Id));
          if (!s || !s.rows) return error('ResourceNotFoundException', `Query does not exist: ${String(body.Id)}`);
          // Two rows per page, so that paging is exercised.
          const start = body.NextToken ? Number(body.NextToken) : 0;
          const page = s.rows.slice(start, start + 2);
          const columns = Object.keys(s.rows[0] ?? {});
          return send(200, {
            ColumnMetadata: columns.map((name) => ({ name, label: name })),
            Records: page.map((row) => columns.map((c) => field(row[c] ?? null))),
            TotalNumRows: s.rows.length,
            ...(start + 2 < s.rows.length ? { NextToken: String(start + 2) } : {}),
          });
        }
        default:
          return error('UnknownOperationException', `unknown operation ${target}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    behaviour,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
