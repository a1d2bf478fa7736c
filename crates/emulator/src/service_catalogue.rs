//! The AWS services IAM's service last accessed reports know in the emulator: each service's
//! namespace (the prefix of its IAM actions) and the name reports show, and which services have
//! action-level tracking.
//!
//! A report lists every service the principal's policies allow; an `Action: "*"` (or a
//! `NotAction`) allows "all services", which the emulator reads as every service of this list,
//! where AWS would list its several hundred. The list holds every namespace the AWS managed policy
//! catalogue and the demo use, and the common others.

/// `(namespace, name)`, by namespace.
pub const SERVICES: &[(&str, &str)] = &[
    ("access-analyzer", "IAM Access Analyzer"),
    ("account", "AWS Account Management"),
    ("acm", "AWS Certificate Manager"),
    ("apigateway", "Amazon API Gateway"),
    ("athena", "Amazon Athena"),
    ("autoscaling", "Amazon EC2 Auto Scaling"),
    ("aws-portal", "AWS Billing"),
    ("backup", "AWS Backup"),
    ("bedrock", "Amazon Bedrock"),
    ("budgets", "AWS Budget Service"),
    ("ce", "AWS Cost Explorer Service"),
    ("cloudformation", "AWS CloudFormation"),
    ("cloudfront", "Amazon CloudFront"),
    ("cloudshell", "AWS CloudShell"),
    ("cloudtrail", "AWS CloudTrail"),
    ("cloudwatch", "Amazon CloudWatch"),
    ("codebuild", "AWS CodeBuild"),
    ("codecommit", "AWS CodeCommit"),
    ("codedeploy", "AWS CodeDeploy"),
    ("codepipeline", "AWS CodePipeline"),
    ("config", "AWS Config"),
    ("dynamodb", "Amazon DynamoDB"),
    ("ec2", "Amazon EC2"),
    ("ecr", "Amazon Elastic Container Registry"),
    ("ecs", "Amazon Elastic Container Service"),
    ("eks", "Amazon Elastic Kubernetes Service"),
    ("elasticloadbalancing", "Elastic Load Balancing"),
    ("events", "Amazon EventBridge"),
    ("glue", "AWS Glue"),
    ("guardduty", "Amazon GuardDuty"),
    ("iam", "AWS Identity and Access Management"),
    ("kms", "AWS Key Management Service"),
    ("lambda", "AWS Lambda"),
    ("logs", "Amazon CloudWatch Logs"),
    ("organizations", "AWS Organizations"),
    ("rds", "Amazon RDS"),
    ("redshift", "Amazon Redshift"),
    ("route53", "Amazon Route 53"),
    ("s3", "Amazon S3"),
    ("s3-object-lambda", "Amazon S3 Object Lambda"),
    ("secretsmanager", "AWS Secrets Manager"),
    ("securityhub", "AWS Security Hub"),
    ("sns", "Amazon SNS"),
    ("sqs", "Amazon SQS"),
    ("ssm", "AWS Systems Manager"),
    ("states", "AWS Step Functions"),
    ("sts", "AWS Security Token Service"),
    ("support", "AWS Support"),
    ("tag", "Amazon Resource Group Tagging API"),
    ("xray", "AWS X-Ray"),
];

/// The services whose reports at `ACTION_LEVEL` say which actions were used (IAM tracks actions
/// for a subset of services; these are the ones it started with).
pub const TRACKED: &[&str] = &["ec2", "iam", "lambda", "s3"];

/// The name a report shows for a namespace (the namespace itself when the list lacks it).
pub fn name_of(namespace: &str) -> &str {
    SERVICES
        .iter()
        .find(|(known, _)| *known == namespace)
        .map_or(namespace, |(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_and_names_every_tracked_service() {
        assert!(SERVICES.windows(2).all(|pair| pair[0].0 < pair[1].0));
        assert!(
            TRACKED
                .iter()
                .all(|namespace| name_of(namespace) != *namespace)
        );
        assert_eq!(name_of("s3"), "Amazon S3");
        assert_eq!(name_of("made-up"), "made-up");
    }
}
