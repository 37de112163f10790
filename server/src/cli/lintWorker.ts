// A lint worker thread (cli/lintPool.ts): the CLI bundle started with LintWorkerData runs this instead of the CLI.
// It loads the AWS data once (lazily per service, as a run in the main thread does) and lints the files it is sent
// with lintTask, the code a run in the main thread uses, posting plain results back.

import type { MessagePort } from 'node:worker_threads';
import type { IamData } from '../engine/data/iamData';
import { profileRegistry, type ProfileRegistry } from '../engine/profiles';
import { awsDataFrom } from '../node/awsData';
import { sharedIamData } from '../node/iamDataFiles';
import { reportPiece, type ReportOptions } from './formatters';
import { lintTask, type TaskContext, type TaskOutcome } from './lintFiles';
import type { FromWorker, LintWorkerData, ToWorker } from './lintPool';

export function runLintWorker(port: MessagePort, init: LintWorkerData): void {
  // The main thread checked the folder; it is read the same way here (one IamData for the worker's life).
  const data: IamData = init.awsDataSource !== undefined ? awsDataFrom(init.awsDataSource).data : sharedIamData();
  const registries = new Map<string, ProfileRegistry>();
  const context: TaskContext = {
    data,
    ...(init.policyType ? { policyType: init.policyType } : {}),
    ...(init.fix ? { fix: true } : {}),
    profiles: (root) => registries.get(root),
  };
  port.on('message', (message: ToWorker) => {
    if (message.type === 'profiles') registries.set(message.root, profileRegistry(message.profiles));
    else port.postMessage({ type: 'done', outcomes: message.tasks.map((task) => reportedOutcome(lintTask(task, context), init.report)) } satisfies FromWorker);
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker);
}

/**
 * With `report` (a run that only writes a report), the file's part of it instead of its findings: the main thread
 * then receives one string per file rather than every finding's objects to re-create (its heap stays small).
 */
export function reportedOutcome(outcome: TaskOutcome, report: ReportOptions | undefined): TaskOutcome {
  const result = outcome.result;
  if (!report || !result || result.stdin || result.fixed) return outcome;
  let errors = 0;
  let warnings = 0;
  for (const finding of result.findings) {
    if (finding.severity === 'error') errors++;
    else if (finding.severity === 'warning') warnings++;
  }
  const { result: _written, ...rest } = outcome;
  return { ...rest, reported: { piece: reportPiece(report, result), errors, warnings } };
}
