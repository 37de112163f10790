// node --import tsx engine-ab.ts <root> <json|yaml> <edits>: per-keystroke engine CPU (ms) with the editor cache, one line of JSON
const [root, kind, editsArg] = process.argv.slice(2);
const { lintText } = require(`${root}/server/src/engine/lint`);
const { LintCache } = require(`${root}/server/src/engine/lintCache`);
const { sharedIamData } = require(`${root}/server/src/node/iamDataFiles`);
const inputs = require('/work/wt/p3/test/support/benchInputs');
const data = sharedIamData();
let text: string = kind === 'json' ? inputs.generateCloudFormationJsonTemplate(300, 1_040_000) : inputs.generateCloudFormationTemplate(300, 1_040_000);
const opening = kind === 'json' ? '"Sid": "' : "Sid: '";
const at = text.indexOf(opening, Math.floor(text.length / 2)) + opening.length;
const options = { data, kind: 'iam-policy', host: 'cloudformation' };
const cache = new LintCache();
lintText(text, { ...options, cache });
const cpu: number[] = [];
function markerKeystrokes() {
for (let i = 0; i < Number(editsArg); i++) {
  text = text.slice(0, at + i) + String.fromCharCode(97 + (i % 26)) + text.slice(at + i);
  const s = process.cpuUsage();
  lintText(text, { ...options, cache });
  const u = process.cpuUsage(s);
  cpu.push((u.user + u.system) / 1000);
}
}
markerKeystrokes();
console.log(JSON.stringify(cpu));
