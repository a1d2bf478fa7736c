//! The weekly start: the EventBridge Scheduler schedule, its role, and the event it sends (the
//! audit's options, or the state machine's input with shards).

use serde_json::{Value, json};

use crate::deploy::design::{Design, REPORTS_PREFIX};

/// The schedule's invocation event (single mode) or the state machine's input (shards).
fn schedule_input(design: &Design) -> Value {
    let delivery = format!(
        r#""output_dir": "s3://${{ReportsBucket}}/{REPORTS_PREFIX}", "baseline": "auto", "format": "csv,html,json", "notify": "${{Notify}}", "slack_webhook_secret": "${{SlackWebhookSecretArn}}", "s3_kms_key": "${{ReportsKmsKeyArn}}", "presign_hours": "${{PresignHours}}""#
    );
    // The configuration in S3 (`deploy --config-uri`): the audit's and, with shards, the merge's.
    let config = design.config.as_ref().map_or_else(String::new, |config| {
        format!(r#", "config": "{}""#, config.uri)
    });
    let audit =
        format!(r#""role": "${{AuditRoleName}}", "external_id": "${{ExternalId}}"{config}"#);
    let text = if design.shards > 1 {
        let (sts, organizations) = design.shard_rates();
        format!(
            r#"{{"shards": {shards}, "audit": {{{audit}, "output_dir": "s3://${{ReportsBucket}}/{REPORTS_PREFIX}/shards", "s3_kms_key": "${{ReportsKmsKeyArn}}", "sts_rate": {sts}, "organizations_rate": {organizations}}}, "deliver": {{{delivery}{config}}}}}"#,
            shards = serde_json::to_string(&design.shard_names()).unwrap_or_default(),
        )
    } else {
        format!("{{{audit}, {delivery}}}")
    };
    let notify = json!({"Fn::Join": [",", [
        {"Fn::If": ["HasSlack", "slack", {"Ref": "AWS::NoValue"}]},
        {"Fn::If": ["HasNotifyTopic", {"Fn::Sub": "sns:${NotifyTopicArn}"}, {"Ref": "AWS::NoValue"}]},
    ]]});
    json!({"Fn::Sub": [text, {"Notify": notify}]})
}

/// The role EventBridge Scheduler assumes to start the audit (the function, or the state
/// machine with shards).
pub(super) fn scheduler_role(design: &Design) -> Value {
    let invoke = if design.shards > 1 {
        json!({"Sid": "StartAudit", "Effect": "Allow", "Action": "states:StartExecution", "Resource": {"Ref": "StateMachine"}})
    } else {
        json!({"Sid": "InvokeAudit", "Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": {"Fn::GetAtt": ["Function", "Arn"]}})
    };
    json!({
        "Type": "AWS::IAM::Role",
        "Properties": {
            "Description": "EventBridge Scheduler: start iam-audit",
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow",
                "Principal": {"Service": "scheduler.amazonaws.com"},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}},
            }]},
            "Policies": [{"PolicyName": "iam-audit-schedule", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                invoke,
                {"Sid": "DeadLetters", "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": {"Fn::GetAtt": ["DeadLetterQueue", "Arn"]}},
            ]}}],
        },
    })
}

/// The weekly schedule: its expression, timezone and state are parameters; no retry of its own.
pub(super) fn schedule(design: &Design) -> Value {
    let target = if design.shards > 1 {
        json!({"Ref": "StateMachine"})
    } else {
        json!({"Fn::GetAtt": ["Function", "Arn"]})
    };
    json!({
        "Type": "AWS::Scheduler::Schedule",
        "Properties": {
            "Description": "iam-audit's weekly run",
            "ScheduleExpression": {"Ref": "ScheduleExpression"},
            "ScheduleExpressionTimezone": {"Ref": "ScheduleTimezone"},
            "State": {"Ref": "ScheduleState"},
            "FlexibleTimeWindow": {"Mode": "OFF"},
            "Target": {
                "Arn": target,
                "RoleArn": {"Fn::GetAtt": ["SchedulerRole", "Arn"]},
                "Input": schedule_input(design),
                // An audit is not retried on its own: a failure lands in the queue and the alarm.
                "RetryPolicy": {"MaximumRetryAttempts": 0, "MaximumEventAgeInSeconds": 3600},
                "DeadLetterConfig": {"Arn": {"Fn::GetAtt": ["DeadLetterQueue", "Arn"]}},
            },
        },
    })
}
