// Test entry point loaded by the extension host (`extensionTestsPath`): the standard `run()` that
// @vscode/test-electron and the code-server payload call; it runs the Mocha suite next to it.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import { reportLine } from './report';

export function run(): Promise<void> {
  // The extension host forwards console output to the workbench unformatted ('%s' and all):
  // format each reporter line here, and mark it.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => reportLine(format(...args));
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  // For working on one test: GRANTCHECK_E2E_GREP=<title substring> npm run test:code-server
  const grep = process.env.GRANTCHECK_E2E_GREP;
  if (grep) mocha.grep(grep);
  // Every compiled *.e2e.js next to this file (build-vscode-tests.mjs compiles each test/e2e/vscode/*.e2e.ts), the
  // main suite first.
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.e2e.js'));
  files.sort((a, b) => Number(b === 'suite.e2e.js') - Number(a === 'suite.e2e.js') || a.localeCompare(b));
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} GrantCheck e2e test(s) failed`));
      else resolve();
    });
  });
}
