// A lint worker thread (cli/lintPool.ts): the CLI bundle started with LintWorkerData runs this instead of the CLI.
// It loads the AWS data once (lazily per service, as a run in the main thread does) and lints the files it is sent
// with lintTask, the code a run in the main thread uses, posting plain results back.

import type { MessagePort } from 'node:worker_threads';
import type { IamData } from '../engine/data/iamData';
import { profileRegistry, type ProfileRegistry } from '../engine/profiles';
import { awsDataFrom } from '../node/awsData';
import { sharedIamData } from '../node/iamDataFiles';
import { lintTask, type TaskContext } from './lintFiles';
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
    else port.postMessage({ type: 'done', outcomes: message.tasks.map((task) => lintTask(task, context)) } satisfies FromWorker);
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker);
}
