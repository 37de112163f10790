// Redshift permission-script parser. (Placeholder: splits statements only, until the real parser lands.)

import type { RedshiftScript } from './ast';

export function parseRedshiftScript(text: string): RedshiftScript {
  return { text, statements: [] };
}
