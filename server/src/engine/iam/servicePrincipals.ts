// Common AWS service principals offered by completion inside `Principal.Service` (trust and resource policies).
//
// AWS publishes no machine-readable list, and the name is not always the IAM prefix
// (`ecs-tasks.amazonaws.com`, `delivery.logs.amazonaws.com`), so this is a curated list of the
// principals most often trusted; users can still type any other one.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services

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
