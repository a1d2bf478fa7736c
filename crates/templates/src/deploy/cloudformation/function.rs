//! The audit function: its execution role (exactly the audit's calls, the delivery's and the
//! platform's, from the one action list) and the function itself.

use iam_audit_model::actions::ROOT_AUDIT_TASK_POLICY;
use serde_json::{Value, json};

use super::parts::skips;
use crate::deploy::design::{Design, REPORTS_PREFIX};

/// The function's role: exactly the audit's calls, the delivery's, and the platform's (logs,
/// dead letters).
pub(super) fn execution_role(design: &Design) -> Value {
    let objects = json!({"Fn::Sub": format!("${{ReportsBucket.Arn}}/{REPORTS_PREFIX}/*")});
    let conditional = |condition: &str, statement: Value| json!({"Fn::If": [condition, statement, {"Ref": "AWS::NoValue"}]});
    let mut role = json!({
        "Type": "AWS::IAM::Role",
        "Metadata": skips(&[("CKV_AWS_111", "The audit's reads (iam:List*, organizations:ListAccounts...) have no resource-level permissions: AWS requires \"*\"; the only writes are on the reports' prefix, the logs and the queue")]),
        "Properties": {
            "Description": "iam-audit's function: assume the audit role, read the management account, write the reports",
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow",
                "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }]},
            "Policies": [{"PolicyName": "iam-audit-execution", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Sid": "AssumeAuditRole", "Effect": "Allow", "Action": "sts:AssumeRole",
                 "Resource": {"Fn::Sub": "arn:${AWS::Partition}:iam::*:role/${AuditRoleName}"}},
                {"Sid": "ReadOnlyRootSessions", "Effect": "Allow", "Action": "sts:AssumeRoot",
                 "Resource": {"Fn::Sub": "arn:${AWS::Partition}:iam::*:root"},
                 "Condition": {"StringEquals": {"sts:TaskPolicyArn": {"Fn::Sub": format!("arn:${{AWS::Partition}}:iam::aws:{ROOT_AUDIT_TASK_POLICY}")}}}},
                {"Sid": "ReadManagementAccount", "Effect": "Allow", "Action": design.read_actions(), "Resource": "*"},
                {"Sid": "WriteReports", "Effect": "Allow", "Action": design.delivery("s3:Put"), "Resource": objects},
                {"Sid": "ReadBaselines", "Effect": "Allow", "Action": design.delivery("s3:Get"), "Resource": objects},
                conditional("HasKmsKey", json!({"Sid": "EncryptReports", "Effect": "Allow", "Action": design.delivery("kms:"), "Resource": {"Ref": "ReportsKmsKeyArn"}})),
                conditional("HasSlack", json!({"Sid": "ReadWebhook", "Effect": "Allow", "Action": design.delivery("secretsmanager:"), "Resource": {"Ref": "SlackWebhookSecretArn"}})),
                conditional("HasNotifyTopic", json!({"Sid": "Notify", "Effect": "Allow", "Action": design.delivery("sns:"), "Resource": {"Ref": "NotifyTopicArn"}})),
                {"Sid": "WriteLogs", "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                 "Resource": {"Fn::Sub": "${FunctionLogGroup.Arn}"}},
                {"Sid": "DeadLetters", "Effect": "Allow", "Action": "sqs:SendMessage",
                 "Resource": {"Fn::GetAtt": ["DeadLetterQueue", "Arn"]}},
            ]}}],
        },
    });
    // The configuration in S3 and its routes' targets (`deploy --config`), each on its own
    // resources.
    if let Some(statements) = role
        .pointer_mut("/Properties/Policies/0/PolicyDocument/Statement")
        .and_then(Value::as_array_mut)
    {
        statements.extend(design.config_statements(&design.partition));
    }
    role
}

/// The Lambda function (`provided.al2023`), one invocation at a time per shard, with its
/// dead-letter queue and JSON logs.
pub(super) fn function(design: &Design) -> Value {
    json!({
        "Type": "AWS::Lambda::Function",
        "Metadata": skips(&[
            ("CKV_AWS_117", "The function calls AWS's public APIs (Organizations, STS, IAM, CloudTrail, S3) in every region's account; outside a VPC it needs no NAT or endpoints"),
            ("CKV_AWS_50", "X-Ray adds cost and nothing the JSON logs and the call counts in the report do not show"),
        ]),
        "Properties": {
            "FunctionName": {"Fn::Sub": "${AWS::StackName}-iam-audit"},
            "Description": "iam-audit: audits the organization's IAM credentials, read-only",
            "Runtime": "provided.al2023",
            "Handler": "bootstrap",
            "Architectures": ["x86_64"],
            "Code": {"S3Bucket": {"Ref": "CodeBucket"}, "S3Key": {"Ref": "CodeKey"}},
            "Role": {"Fn::GetAtt": ["ExecutionRole", "Arn"]},
            "MemorySize": {"Ref": "FunctionMemory"},
            "Timeout": {"Ref": "FunctionTimeout"},
            "ReservedConcurrentExecutions": design.reserved_concurrency(),
            "DeadLetterConfig": {"TargetArn": {"Fn::GetAtt": ["DeadLetterQueue", "Arn"]}},
            "LoggingConfig": {"LogFormat": "JSON", "LogGroup": {"Ref": "FunctionLogGroup"}},
        },
    })
}
