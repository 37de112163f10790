// `npm run test:vscode`: the VS Code e2e suite in desktop VS Code through @vscode/test-electron.
// Uses VSCODE_EXECUTABLE when set, else downloads VS Code (GRANTCHECK_VSCODE_VERSION, default stable)
// into the e2e cache. Without network or display it skips, or fails when GRANTCHECK_REQUIRE_E2E=1.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Skip, buildVsix, cacheDir, copyFixture, log, root, runSuite, tempDir, unpackVsix } from './common.mjs';
import { buildVscodeTests } from './build-vscode-tests.mjs';
import { E2E_AWS_ENV } from './aws-env.mjs';

const SUITE = 'vscode';

async function vscodeExecutable(testElectron) {
  const configured = process.env.VSCODE_EXECUTABLE;
  if (configured) {
    if (!fs.existsSync(configured)) throw new Error(`VSCODE_EXECUTABLE=${configured} does not exist`);
    return configured;
  }
  const version = process.env.GRANTCHECK_VSCODE_VERSION ?? 'stable';
  try {
    return await testElectron.downloadAndUnzipVSCode({ version, cachePath: path.join(cacheDir(), 'vscode') });
  } catch (error) {
    throw new Skip(`cannot download VS Code ${version} (${error instanceof Error ? error.message : String(error)}); set VSCODE_EXECUTABLE to a VS Code binary to run this suite offline`);
  }
}

async function main() {
  let testElectron;
  try {
    testElectron = await import('@vscode/test-electron');
  } catch (error) {
    throw new Skip(`@vscode/test-electron is not installed (npm install): ${error.message}`);
  }
  const executable = await vscodeExecutable(testElectron);
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    throw new Skip('desktop VS Code needs a display on Linux: run under `xvfb-run -a npm run test:vscode` (or use `npm run test:code-server`)');
  }
  const base = tempDir('vscode');
  const extensionDir = unpackVsix(buildVsix(base), base);
  const { index } = await buildVscodeTests();
  const workspace = copyFixture(path.join(root, 'test/e2e/vscode/fixtures/workspace'), 'workspace');
  log(SUITE, `running the suite in ${executable}`);
  try {
    await testElectron.runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: extensionDir,
      extensionTestsPath: index,
      // Fake AWS credentials for the verify test; the empty AWS_PROFILE keeps the user's profile out.
      extensionTestsEnv: { GRANTCHECK_E2E_EXTENSION_PATH: extensionDir, ...E2E_AWS_ENV },
      launchArgs: [
        workspace,
        '--user-data-dir', path.join(base, 'user-data'),
        '--extensions-dir', path.join(base, 'extensions'),
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
    return 0;
  } catch (error) {
    console.error(`[${SUITE}] ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

await runSuite(SUITE, main);
