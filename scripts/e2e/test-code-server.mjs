// `npm run test:code-server`: installs the packaged .vsix into code-server 4.99.4 (a real VS Code
// 1.99.3 workbench + Node extension host), runs the Mocha suite of test/e2e/vscode inside that
// extension host through headless Chromium, and saves screenshots of squiggles and the Problems panel.
// Before code-server starts it starts and seeds a PostgreSQL server for the verify-sql step (verifySql.e2e.ts): the
// extension host gets its address in GRANTCHECK_E2E_PG_* and the password in PGPASSWORD; after the suite, every log
// and output channel of the run is searched for that password. The README screenshots of issue 21 (profile snippets
// where a policy starts, the quick-fix menu with "Disable …" last, a CloudFormation hover) are taken after the suite;
// GRANTCHECK_UPDATE_SCREENSHOTS=1 copies them to docs/images/ (otherwise they stay in test-results/).

import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Skip, buildVsix, copyFixture, freePort, log, root, runSuite, startGroup, tempDir, waitFor, which } from './common.mjs';
import { ensureCodeServer } from './code-server-install.mjs';
import { buildVscodeTests } from './build-vscode-tests.mjs';
import { withE2eAwsEnv } from './aws-env.mjs';

const SUITE = 'code-server';
const CHROMIUM = process.env.GRANTCHECK_CHROMIUM ?? '/usr/bin/chromium';
// Flags measured to work for Debian's chromium in a container without a display or sandbox.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
const RESULTS = path.join(root, 'test-results');
// Must match test/e2e/vscode/report.ts.
const REPORT_MARKER = '[grantcheck-e2e] ';
const TEST_TIMEOUT_MS = 360_000;
const SCREENSHOT_POLICY = 's3-staging-broken.policy.json';
// Files added to the screenshot workspace (a copy of examples/) from test/e2e/vscode/fixtures/screenshots/.
const SCREENSHOT_FIXTURES = path.join(root, 'test/e2e/vscode/fixtures/screenshots');
const DOC_IMAGES = path.join(root, 'docs', 'images');
const updateDocImages = process.env.GRANTCHECK_UPDATE_SCREENSHOTS === '1';
// User settings for a calm, readable workbench: no welcome page, no minimap, dark theme for the README.
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'editor.minimap.enabled': false,
  'chat.commandCenter.enabled': false,
  'telemetry.telemetryLevel': 'off',
};

function healthy(port) {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.on('timeout', () => {
      request.destroy();
      resolve(false);
    });
  });
}

async function loadPlaywright() {
  try {
    return (await import('playwright-core')).chromium;
  } catch (error) {
    throw new Skip(`playwright-core is not installed (npm install): ${error.message}`);
  }
}

async function installExtension(codeServer, vsix, dirs, env) {
  log(SUITE, `installing ${path.basename(vsix)} with code-server --install-extension`);
  const result = await runCaptured(codeServer, ['--config', '/dev/null', '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', vsix], env);
  if (result.status !== 0) throw new Error(`code-server --install-extension failed (${result.status}):\n${result.output}`);
  const installed = fs.readdirSync(dirs.extensions).find((name) => name.startsWith('grantcheck.grantcheck-'));
  if (!installed) throw new Error(`the extension is not in ${dirs.extensions} after --install-extension:\n${result.output}`);
  return path.join(dirs.extensions, installed);
}

function runCaptured(command, args, env) {
  const output = [];
  return new Promise((resolve) => {
    const { child } = startGroup(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => output.push(d));
    child.stderr.on('data', (d) => output.push(d));
    child.on('close', (status) => resolve({ status, output: Buffer.concat(output).toString('utf8') }));
  });
}

async function startCodeServer(codeServer, dirs, env) {
  const port = await freePort();
  const args = [
    '--config', '/dev/null',
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
  ];
  const logFile = fs.openSync(path.join(dirs.base, 'code-server.log'), 'w');
  const server = startGroup(codeServer, args, { env, stdio: ['ignore', logFile, logFile] });
  fs.closeSync(logFile);
  await waitFor('code-server /healthz', () => healthy(port), 30_000, 100);
  log(SUITE, `code-server is up on 127.0.0.1:${port}`);
  return { port, server };
}

/** Runs the Mocha suite in code-server's extension host; resolves with the exit code the workbench reports. */
async function runMochaInWorkbench(browser, port, extensionDir, testsIndex, workspace) {
  fs.mkdirSync(RESULTS, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  let resolveExit;
  const exited = new Promise((resolve) => (resolveExit = resolve));
  // The workbench calls window.codeAutomationExit(code) when the extension tests finish.
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
  // The suite's report lines carry a marker; everything else the workbench logs goes to a file.
  const consoleLog = fs.createWriteStream(path.join(RESULTS, 'code-server-console.log'));
  page.on('console', (message) => {
    const text = message.text();
    consoleLog.write(`[${message.type()}] ${text}\n`);
    const at = text.indexOf(REPORT_MARKER);
    if (at >= 0) console.log(`  ${text.slice(at + REPORT_MARKER.length)}`);
  });
  page.on('pageerror', (error) => consoleLog.write(`[pageerror] ${error.message}\n`));
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionDir)],
    ['extensionTestsPath', remote(testsIndex)],
  ];
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  await page.goto(url);
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the extension tests did not finish within ${TEST_TIMEOUT_MS / 1000} s`)), TEST_TIMEOUT_MS);
  });
  try {
    return await Promise.race([exited, timeout]);
  } finally {
    clearTimeout(timer);
    await page.close();
    // Flushed before the runner reads it (the password search).
    await new Promise((resolve) => consoleLog.end(resolve));
  }
}

/** Opens a broken policy in the workbench like a user would and photographs the squiggles and the Problems panel. */
async function takeScreenshots(browser, port, workspace) {
  fs.mkdirSync(RESULTS, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  try {
    const shots = await photograph(page, port, workspace);
    return { ...shots, readme: await photographEditorSecondPass(page) };
  } catch (error) {
    await page.screenshot({ path: path.join(RESULTS, 'vscode-screenshot-failure.png') }).catch(() => undefined);
    throw error;
  } finally {
    await page.close();
  }
}

async function photograph(page, port, workspace) {
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
  // Open the policy from the Explorer, as a user would.
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'policies' }).click();
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: SCREENSHOT_POLICY }).click();
  await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60_000 });
  await page.mouse.move(0, 0);
  const editorShot = path.join(RESULTS, 'vscode-policy-squiggles.png');
  await page.screenshot({ path: editorShot, animations: 'disabled' });
  // The Problems panel (Ctrl+Shift+M) lists every GrantCheck finding with its rule id.
  await page.keyboard.press('Control+Shift+M');
  await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 30_000 });
  const problemsShot = path.join(RESULTS, 'vscode-problems-panel.png');
  await page.screenshot({ path: problemsShot, animations: 'disabled' });
  // Hover the first squiggle so the message is visible next to the code.
  const squiggle = await page.$('.monaco-editor .squiggly-error');
  const box = squiggle && (await squiggle.boundingBox());
  let hoverShot;
  if (box) {
    await page.mouse.move(box.x + Math.min(box.width / 2, 20), box.y + box.height / 2);
    await page.waitForSelector('.monaco-hover .hover-contents, .monaco-hover .hover-row', { state: 'visible', timeout: 15_000 });
    hoverShot = path.join(RESULTS, 'vscode-overview.png');
    await page.screenshot({ path: hoverShot, animations: 'disabled' });
  }
  const problems = await page.$$eval('.markers-panel .monaco-list-row', (rows) => rows.map((r) => r.textContent ?? ''));
  return { editorShot, problemsShot, hoverShot, problems };
}

/** Opens a file of the workspace through Quick Open (Ctrl+P) and waits until its editor has focus. */
async function openThroughQuickOpen(page, name) {
  // One editor at a time: the tabs of earlier screenshots would crowd this one.
  await runCommand(page, 'View: Close All Editors');
  await page.locator('.editor-group-container.active .tabs-container .tab').first().waitFor({ state: 'detached', timeout: 15_000 });
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(name);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 15_000 });
  await page.locator('.editor-group-container.active .monaco-editor.focused').waitFor({ timeout: 15_000 });
}

/** Runs a command by its Command Palette label (F1). */
async function runCommand(page, label) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`>${label}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
}

/** Puts the cursor at 1-based `line`:`column` through "Go to Line/Column" (Ctrl+G). */
async function goTo(page, line, column) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  // The box opens holding the ':' that selects line mode.
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
  await page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).first().waitFor({ timeout: 15_000 });
}

/** Opens `file`, puts the cursor on its error at `line`:`column`, opens the quick-fix menu (Ctrl+.), checks that the fix comes first and the "Disable …" actions last, and photographs it. */
async function photographQuickFixMenu(page, file, line, column, fix, name, shot) {
  await openThroughQuickOpen(page, file);
  await page.locator('.editor-group-container.active .monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
  await goTo(page, line, column);
  await page.keyboard.press('Control+.');
  const rows = page.locator('.action-widget .monaco-list-row.action');
  await rows.first().waitFor({ timeout: 30_000 });
  await rows.filter({ hasText: 'Disable ' }).first().waitFor({ timeout: 15_000 });
  const titles = (await rows.evaluateAll((list) => list.map((r) => r.textContent ?? ''))).map((t) => t.trim());
  const firstDisable = titles.findIndex((t) => t.startsWith('Disable '));
  if (!fix.test(titles[0] ?? '')) throw new Error(`${file}: the fix ${fix} is not first in the quick-fix menu: ${titles.join(' | ')}`);
  if (firstDisable < 1 || titles.slice(firstDisable).some((t) => !t.startsWith('Disable '))) throw new Error(`${file}: the "Disable …" actions are not last in the quick-fix menu: ${titles.join(' | ')}`);
  log(SUITE, `quick-fix menu of ${file}: ${titles.join(' | ')}`);
  await shot(name);
  await page.keyboard.press('Escape');
}

/**
 * Issue 21's README screenshots, taken as a user would see them (the page is already on the screenshot workspace):
 * 1. profile snippets offered at the start of an empty policy file; 2. the quick-fix menu with the real fix first and
 * the "Disable …" actions last; 7. a hover in a CloudFormation YAML template (service principal, !Sub ARN). 1 and 2
 * are checked and fatal; 7's hover needs the CloudFormation hover work (issue 21 item 7): without it, a warning.
 */
async function photographEditorSecondPass(page) {
  const shots = [];
  const shot = async (name) => {
    await page.mouse.move(0, 0);
    const file = path.join(RESULTS, name);
    await page.screenshot({ path: file, animations: 'disabled' });
    shots.push(file);
  };
  // The Problems panel from the first screenshots would crowd these: close it.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel').waitFor({ state: 'hidden', timeout: 15_000 });

  // 1. Completion at the start of an empty policy file: the gc- profile snippets.
  await openThroughQuickOpen(page, 'new.policy.json');
  await page.keyboard.press('Control+Space');
  const suggestions = page.locator('.editor-widget.suggest-widget.visible .monaco-list-row');
  await suggestions.filter({ hasText: 'gc-' }).first().waitFor({ timeout: 30_000 });
  const labels = await suggestions.evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? r.textContent ?? ''));
  if (!labels.some((l) => l.includes('gc-'))) throw new Error(`no gc- snippet offered at the start of an empty policy: ${labels.join(' | ')}`);
  log(SUITE, `completion at the start of an empty policy: ${labels.length} items, ${labels.filter((l) => l.includes('gc-')).length} gc- snippets`);
  await shot('vscode-profile-snippets.png');
  await page.keyboard.press('Escape');

  // 2. The quick-fix menu on a misspelt action (JSON) and privilege (SQL, where a line comment can suppress one finding).
  await photographQuickFixMenu(page, 'reader.policy.json', 7, 20, /^Change to "s3:GetObject"$/, 'vscode-quick-fix-order.png', shot);
  await photographQuickFixMenu(page, 'report-reader.sql', 4, 9, /^Change to SELECT$/, 'vscode-quick-fix-order-sql.png', shot);

  // 7. Hover in CloudFormation YAML on the !Sub ARN (line 24) and on the service principal (line 15); the status bar
  // names the policy under the cursor (the role's identity policy, then its trust policy).
  await openThroughQuickOpen(page, 'reports-role.yaml');
  for (const [name, line, column, expected, policyLabel] of [
    ['vscode-cfn-hover-sub-arn.png', 24, 40, /ARN/, 'IAM · CloudFormation · identity policy'],
    ['vscode-cfn-hover-service-principal.png', 15, 24, /service principal/i, 'IAM · CloudFormation · trust policy'],
  ]) {
    await goTo(page, line, column);
    try {
      await page.locator('.statusbar-item').filter({ hasText: policyLabel }).first().waitFor({ state: 'visible', timeout: 15_000 });
    } catch (error) {
      const items = await page.locator('.statusbar-item').allTextContents();
      throw new Error(`the status bar does not name the policy at ${line}:${column} of reports-role.yaml ("${policyLabel}"); it shows: ${items.join(' | ')}`);
    }
    log(SUITE, `status bar at ${line}:${column} of reports-role.yaml: ${policyLabel}`);
    // editor.action.showHover: Ctrl+K Ctrl+I.
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents').filter({ hasText: expected });
    try {
      await hover.first().waitFor({ state: 'visible', timeout: 15_000 });
      await shot(name);
    } catch (error) {
      throw new Error(`no GrantCheck hover matching ${expected} at ${line}:${column} of reports-role.yaml (CloudFormation hover, issue 21 item 7): ${error instanceof Error ? error.message : String(error)}`);
    }
    await page.keyboard.press('Escape');
  }
  return shots;
}

async function main() {
  if (!fs.existsSync(CHROMIUM)) throw new Skip(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set GRANTCHECK_CHROMIUM)`);
  const chromium = await loadPlaywright();
  const codeServer = ensureCodeServer();
  if (!which('node')) throw new Skip('node is not on PATH (code-server needs it)');

  // Artefacts of this run only: drop the screenshots and console log of an earlier one.
  fs.rmSync(RESULTS, { recursive: true, force: true });
  const base = tempDir('code-server');
  const dirs = {
    base,
    userData: path.join(base, 'user-data'),
    extensions: path.join(base, 'extensions'),
  };
  // The language server inherits code-server's environment: fake AWS credentials for the verify test, none of the user's.
  const env = {
    ...withE2eAwsEnv(process.env),
    XDG_CONFIG_HOME: path.join(base, 'xdg-config'),
    XDG_DATA_HOME: path.join(base, 'xdg-data'),
    XDG_CACHE_HOME: path.join(base, 'xdg-cache'),
  };
  // The user's own database settings stay out: the verify-sql step connects only where the runner says.
  for (const name of ['PGHOST', 'PGHOSTADDR', 'PGPORT', 'PGUSER', 'PGDATABASE', 'PGPASSWORD', 'PGPASSFILE', 'PGSERVICE', 'PGSSLMODE', 'PGSSLROOTCERT']) delete env[name];
  let server;
  let browser;
  let database;
  let passed = false;
  const workspaces = [];
  try {
    const vsix = buildVsix(base);
    const { index, database: databaseModule } = await buildVscodeTests();
    database = await startDatabase(databaseModule);
    if (database) Object.assign(env, database.env);
    const extensionDir = await installExtension(codeServer, vsix, dirs, env);
    fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
    fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
    env.GRANTCHECK_E2E_EXTENSION_PATH = extensionDir;
    const started = await startCodeServer(codeServer, dirs, env);
    server = started.server;
    const port = started.port;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });

    const workspace = copyFixture(path.join(root, 'test/e2e/vscode/fixtures/workspace'), 'workspace');
    workspaces.push(workspace);
    const testsStarted = Date.now();
    const code = await runMochaInWorkbench(browser, port, extensionDir, index, workspace);
    log(SUITE, `extension tests finished with exit code ${code} in ${((Date.now() - testsStarted) / 1000).toFixed(1)} s`);
    if (code !== 0) {
      console.error(`[${SUITE}] the workbench console is in test-results/code-server-console.log`);
      return 1;
    }
    // Lazy activation, read where VS Code records it: the extension host log names the event that activated each
    // extension. GrantCheck must have been activated by a language (a document of a kind it reads was opened —
    // possibly one the workbench opened itself, such as the user settings.json), never at startup.
    const activation = grantcheckActivation(dirs.userData);
    if (!activation) throw new Error('the extension host log does not say how GrantCheck was activated');
    if (!/startup: false, activationEvent: 'onLanguage:[a-z]+'/.test(activation)) throw new Error(`GrantCheck must activate lazily (onLanguage), not at startup: ${activation}`);
    log(SUITE, `activation: ${activation.slice(activation.indexOf('startup:'))}`);
    // The seeded database password: in no output channel, extension host log, workbench console or code-server log.
    if (database) {
      searchForPassword(database.secret, dirs, base);
      // Read-only by construction, seen from the server: the extension host sent nothing but these.
      const statements = database.verifierStatements();
      const other = statements.filter((q) => q !== 'BEGIN READ ONLY' && q !== 'ROLLBACK' && !q.startsWith('SELECT '));
      if (other.length > 0) throw new Error(`verify-sql sent statements other than BEGIN READ ONLY, SELECT and ROLLBACK: ${other.join(' | ')}`);
      log(SUITE, `verify-sql sent ${statements.length} statements to PostgreSQL, all read-only (BEGIN READ ONLY, catalog SELECTs, ROLLBACK)`);
    }
    else log(SUITE, 'no PostgreSQL server: the verify-sql step was skipped');

    // A folder name that is the same in every run (the Explorer shows it), inside a fresh temp folder.
    const shotsParent = tempDir('screenshots');
    workspaces.push(shotsParent);
    const shots = path.join(shotsParent, 'acme-data-platform');
    fs.cpSync(path.join(root, 'examples'), shots, { recursive: true });
    fs.cpSync(SCREENSHOT_FIXTURES, shots, { recursive: true });
    const { editorShot, problemsShot, hoverShot, problems, readme } = await takeScreenshots(browser, port, shots);
    if (!problems.some((row) => row.includes('iam/json-syntax'))) throw new Error(`the Problems panel does not list iam/json-syntax: ${problems.join(' | ')}`);
    log(SUITE, `screenshots: ${[editorShot, problemsShot, hoverShot, ...readme].filter(Boolean).map((p) => path.relative(root, p)).join(', ')}`);
    if (updateDocImages) {
      fs.mkdirSync(DOC_IMAGES, { recursive: true });
      for (const shot of readme) fs.copyFileSync(shot, path.join(DOC_IMAGES, path.basename(shot)));
      log(SUITE, `copied ${readme.map((p) => path.basename(p)).join(', ')} to ${path.relative(root, DOC_IMAGES)}/`);
    }
    passed = true;
    return 0;
  } finally {
    if (browser) await browser.close().catch(() => undefined);
    if (server) server.stop();
    if (database) await database.stop().catch((error) => log(SUITE, `stopping the PostgreSQL server: ${error.message}`));
    // Keep the folders of a failed run (code-server.log, user data) for a look; drop a passed one's.
    if (passed) for (const dir of [base, ...workspaces]) fs.rmSync(dir, { recursive: true, force: true });
    else log(SUITE, `code-server log and user data kept in ${base}`);
  }
}

await runSuite(SUITE, main);

/**
 * Starts and seeds the verify-sql database (out/e2e/verifySqlDatabase.mjs, bundled from test/e2e/vscode/verifySqlDatabase.ts).
 * Without the PostgreSQL binaries: undefined (the verify-sql step skips itself), or an error when GRANTCHECK_REQUIRE_E2E=1.
 */
async function startDatabase(module) {
  const { startVerifyDatabase } = await import(pathToFileURL(module).href);
  const started = await startVerifyDatabase();
  if ('skip' in started) {
    log(SUITE, `the verify-sql step will be skipped: ${started.skip}`);
    return undefined;
  }
  log(SUITE, `PostgreSQL for verify-sql is up on 127.0.0.1:${started.env.GRANTCHECK_E2E_PG_PORT}`);
  return started;
}

/** Fails when the seeded database password is in any log of the run: output channels, extension host logs, the workbench console, code-server's log. */
function searchForPassword(secret, dirs, base) {
  const searched = filesUnder(path.join(dirs.userData, 'logs')).concat(path.join(base, 'code-server.log'), path.join(RESULTS, 'code-server-console.log'));
  if (!searched.some((file) => /GrantCheck/i.test(path.basename(file)))) throw new Error(`no GrantCheck output channel log among ${searched.length} log files: ${searched.map((f) => path.relative(dirs.userData, f)).join(', ')}`);
  const leaks = searched.filter((file) => fs.readFileSync(file).includes(secret));
  if (leaks.length > 0) throw new Error(`the seeded database password appears in ${leaks.join(', ')}`);
  log(SUITE, `the seeded database password appears in none of ${searched.length} log files (output channels included)`);
}

/** Every file under `dir` (recursively); none when it does not exist. */
function filesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath ?? e.path, e.name));
}

/** The extension host log line recording GrantCheck's activation (the first), or undefined. */
function grantcheckActivation(userData) {
  const logs = path.join(userData, 'logs');
  if (!fs.existsSync(logs)) return undefined;
  for (const session of fs.readdirSync(logs).sort()) {
    for (const host of ['exthost1', 'exthost']) {
      const file = path.join(logs, session, host, 'remoteexthost.log');
      if (!fs.existsSync(file)) continue;
      const line = fs.readFileSync(file, 'utf8').split('\n').find((l) => l.includes('_doActivateExtension grantcheck.grantcheck,'));
      if (line) return line.trim();
    }
  }
  return undefined;
}
