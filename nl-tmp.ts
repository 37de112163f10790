import { lintText } from './server/src/engine/lint';
import { LintCache } from './server/src/engine/lintCache';
import { sharedIamData } from './server/src/node/iamDataFiles';
import { generateCloudFormationTemplate } from './test/support/benchInputs';
const data = sharedIamData();
let text = generateCloudFormationTemplate(300, 1_040_000);
const options = { data, kind: 'iam-policy' as const, host: 'cloudformation' as const };
const cache = new LintCache();
lintText(text, { ...options, cache });
const cpu = (f: () => void) => { const s = process.cpuUsage(); f(); const u = process.cpuUsage(s); return ((u.user + u.system) / 1000).toFixed(1); };
// a newline typed at the end of a Sid line in the middle (a new line, same indentation as the next key)
for (let i = 0; i < 5; i++) {
  const sid = text.indexOf("Sid: '", text.length / 2 + i * 5000);
  const eol = text.indexOf('\n', sid);
  text = text.slice(0, eol) + '\n' + text.slice(eol);
  const a = cpu(() => lintText(text, { ...options, cache }));
  text = text.slice(0, eol + 1) + '            ' + text.slice(eol + 1);
  const b = cpu(() => lintText(text, { ...options, cache }));
  const c0 = text.indexOf("Sid: '", text.length / 2 + i * 5000) + 6;
  text = text.slice(0, c0) + 'q' + text.slice(c0);
  const c = cpu(() => lintText(text, { ...options, cache }));
  console.log('newline', a, 'indent', b, 'char', c);
}
