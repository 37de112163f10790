// CLI subcommands (`grantcheck <name> …`), registered statically by name.

import { deployedCommand } from './deployed';
import { explainCommand } from './explain';
import { initCommand } from './init';
import type { Subcommand } from './command';
import { newCommand, profilesCommand } from './profiles';
import { schemaCommand } from './schema';
import { simulateCommand } from './simulate';
import { verifyCommand } from './verify';
import { verifySqlCommand } from './verifySql';

export const subcommands: Record<string, Subcommand> = {
  deployed: deployedCommand,
  explain: explainCommand,
  init: initCommand,
  new: newCommand,
  profiles: profilesCommand,
  schema: schemaCommand,
  simulate: simulateCommand,
  verify: verifyCommand,
  'verify-sql': verifySqlCommand,
};
