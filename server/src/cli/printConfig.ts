// `grantcheck --print-config PATH`: the configuration that applies to one file, as JSON (the file need not exist).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../engine/config';
import { detect } from '../engine/detect';
import { allRules, ruleById } from '../engine/rules';
import { ConfigCache, settingsForFile, type LoadedConfig } from '../node/configFiles';
import { decodeText, type LintRunOptions } from './lintFiles';

export function printConfig(file: string, options: Omit<LintRunOptions, 'data'>): string {
  const cache = new ConfigCache();
  let fixed: LoadedConfig | undefined;
  if (options.configPath) {
    const absolute = path.resolve(options.configPath);
    const parsed = parseConfig(fs.readFileSync(absolute, 'utf8'), (id) => ruleById(id) !== undefined);
    fixed = { path: absolute, dir: path.dirname(absolute), config: parsed.config, problems: parsed.problems };
  }
  const settings = settingsForFile(file, cache, options.policyType ? { policyType: options.policyType } : {}, fixed ?? cache.forFile(file));
  const severities = { ...settings.severities, ...options.rules };
  let detected: { kind: string; reason: string; policyType?: string } | null = null;
  let text: string | undefined;
  try {
    if (fs.statSync(file).isFile()) text = decodeText(file, fs.readFileSync(file), { problems: [] });
  } catch {
    // The file need not exist: its name and the config still say how it would be linted.
  }
  if (text !== undefined) {
    const detection = detect(text, file, settings.detect, options.policyType ? { policyType: { type: options.policyType, source: '--policy-type', explicit: true } } : {});
    detected = { kind: detection.kind, reason: detection.reason, ...(detection.policyType ? { policyType: detection.policyType } : {}) };
  }
  const profile = options.profile ?? settings.profile;
  const loaded = settings.config;
  return JSON.stringify(
    {
      file,
      configFile: loaded.path ?? null,
      configProblems: loaded.problems.map((p) => ({ line: p.line + 1, column: p.character + 1, message: p.message })),
      ignored: settings.ignored,
      detected,
      policyType: settings.policyType ?? null,
      profile: profile ? { id: profile.id, values: profile.values } : null,
      // Every rule with the severity it has for this file (`off` when disabled).
      rules: Object.fromEntries(allRules.map((rule) => [rule.id, severities[rule.id] ?? rule.defaultSeverity])),
      config: loaded.config,
    },
    null,
    2,
  );
}
