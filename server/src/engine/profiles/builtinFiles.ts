// The built-in profile files (one JSON file per tool under data/), as the build bundles them. Only the modules that need
// whole profiles import this, through builtinData.ts (the language server loads it on first use: scripts/serverChunks.mjs)
// and builtinIndex.ts (evaluated at build time: scripts/precompute.mjs).

import airbyte from './data/airbyte.json';
import artie from './data/artie.json';
import awsDataPipeline from './data/aws-data-pipeline.json';
import awsDms from './data/aws-dms.json';
import awsGlue from './data/aws-glue.json';
import census from './data/census.json';
import databricks from './data/databricks.json';
import datahub from './data/datahub.json';
import dbt from './data/dbt.json';
import debezium from './data/debezium.json';
import firehose from './data/firehose.json';
import fivetran from './data/fivetran.json';
import hevo from './data/hevo.json';
import hightouch from './data/hightouch.json';
import integrateio from './data/integrateio.json';
import looker from './data/looker.json';
import matillion from './data/matillion.json';
import metabase from './data/metabase.json';
import mwaa from './data/mwaa.json';
import prequel from './data/prequel.json';
import rudderstack from './data/rudderstack.json';
import segment from './data/segment.json';
import snowflake from './data/snowflake.json';
import stitch from './data/stitch.json';
import structural from './data/structural.json';

/** The built-in profile files, one per tool. */
export const BUILTIN_PROFILE_FILES: readonly unknown[] = [airbyte, artie, awsDataPipeline, awsDms, awsGlue, census, databricks, datahub, dbt, debezium, firehose, fivetran, hevo, hightouch, integrateio, looker, matillion, metabase, mwaa, prequel, rudderstack, segment, snowflake, stitch, structural];
