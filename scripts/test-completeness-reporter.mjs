// A node:test reporter for scripts/run-tests.mjs: writes, as JSON, the top-level tests (one per test file or group
// member) that started and never ended. Node's runner counts only what it is told, so a test process whose report is
// cut short (seen with --test-force-exit: a file started, never reported, and the run still passed) would otherwise
// go unnoticed.

export default async function* completeness(source) {
  /** How many starts of each top-level test (file and name) are still waiting for their pass or fail. */
  const open = new Map();
  let started = 0;
  for await (const event of source) {
    if (event.data?.nesting !== 0) continue;
    const key = `${event.data.file ?? ''}\u0000${event.data.name}`;
    if (event.type === 'test:start') {
      started++;
      open.set(key, (open.get(key) ?? 0) + 1);
    } else if (event.type === 'test:pass' || event.type === 'test:fail') {
      const n = open.get(key) ?? 0;
      if (n <= 1) open.delete(key);
      else open.set(key, n - 1);
    }
  }
  const unfinished = [...open].flatMap(([key, n]) => Array.from({ length: n }, () => key.split('\u0000')[1]));
  yield `${JSON.stringify({ started, unfinished })}\n`;
}
