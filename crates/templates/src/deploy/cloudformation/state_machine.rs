//! With `--shards N`: the Step Functions state machine that runs the shards in a Map state, then
//! one merge, and its role.

use serde_json::{Value, json};

use super::parts::skips;
use crate::deploy::design::Design;
use crate::deploy::state_machine::definition;

/// The role the state machine assumes to invoke the function and deliver its logs.
pub(super) fn state_machine_role() -> Value {
    json!({
        "Type": "AWS::IAM::Role",
        "Metadata": skips(&[("CKV_AWS_111", "Step Functions' log delivery actions (logs:CreateLogDelivery and the rest) have no resource-level permissions: AWS requires \"*\"")]),
        "Properties": {
            "Description": "iam-audit's state machine: invoke the shards and the merge",
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow",
                "Principal": {"Service": "states.amazonaws.com"},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}},
            }]},
            "Policies": [{"PolicyName": "iam-audit-states", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Sid": "InvokeAudit", "Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": {"Fn::GetAtt": ["Function", "Arn"]}},
                {"Sid": "DeliverLogs", "Effect": "Allow", "Action": [
                    "logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DescribeLogGroups",
                    "logs:DescribeResourcePolicies", "logs:GetLogDelivery", "logs:ListLogDeliveries",
                    "logs:PutResourcePolicy", "logs:UpdateLogDelivery",
                ], "Resource": "*"},
            ]}}],
        },
    })
}

/// The Step Functions state machine that runs the shards, then the merge.
pub(super) fn state_machine(design: &Design) -> Value {
    json!({
        "Type": "AWS::StepFunctions::StateMachine",
        "Metadata": skips(&[("CKV_AWS_285", "X-Ray adds cost and nothing the execution history and the function's logs do not show")]),
        "Properties": {
            "StateMachineType": "STANDARD",
            "RoleArn": {"Fn::GetAtt": ["StateMachineRole", "Arn"]},
            "Definition": definition(design),
            "DefinitionSubstitutions": {
                "FunctionArn": {"Fn::GetAtt": ["Function", "Arn"]},
            },
            "LoggingConfiguration": {
                "Level": "ERROR",
                "IncludeExecutionData": false,
                "Destinations": [{"CloudWatchLogsLogGroup": {"LogGroupArn": {"Fn::GetAtt": ["StateMachineLogGroup", "Arn"]}}}],
            },
        },
    })
}
