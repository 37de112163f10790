// Output of the e2e suite from inside the extension host: every line carries a marker so the
// code-server runner can pick the suite's report out of the workbench console.

export const REPORT_MARKER = '[grantcheck-e2e] ';

export function reportLine(text: string): void {
  for (const line of text.split('\n')) console.log(REPORT_MARKER + line);
}
