//! The state machine's definition (Amazon States Language), the same in both formats: the
//! shards' Map state, each shard carrying the execution's name as the run id, then one merge.

use serde_json::{Value, json};

use super::design::Design;

/// The shards' Map state, then the merge.
pub(super) fn definition(design: &Design) -> Value {
    let invoke = |payload: Value| {
        json!({
            "Type": "Task",
            "Resource": format!("arn:{}:states:::lambda:invoke", design.partition),
            "Parameters": {"FunctionName": "${FunctionArn}", "Payload": payload},
            "OutputPath": "$.Payload",
            "Retry": [{
                "ErrorEquals": ["Lambda.ServiceException", "Lambda.TooManyRequestsException", "Lambda.SdkClientException"],
                "IntervalSeconds": 10, "MaxAttempts": 3, "BackoffRate": 2,
            }],
        })
    };
    // Every shard and the merge carry the execution's name as the run id: `merge` refuses a
    // shard of another execution.
    let mut shard_task =
        invoke(json!({"shard.$": "$.shard", "run_id.$": "$.run_id", "event.$": "$.event"}));
    shard_task["Catch"] =
        json!([{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Shard failed"}]);
    shard_task["End"] = json!(true);
    let mut merge_task = invoke(
        json!({"merge.$": "$.shard_results", "run_id.$": "$$.Execution.Name", "event.$": "$.deliver"}),
    );
    merge_task["End"] = json!(true);
    json!({
        "Comment": format!("iam-audit: {} shards audited at once, then one merge writes the reports, compares and notifies", design.shards),
        "StartAt": "Audit the shards",
        "States": {
            "Audit the shards": {
                "Type": "Map",
                "ItemsPath": "$.shards",
                "ItemSelector": {"shard.$": "$$.Map.Item.Value", "run_id.$": "$$.Execution.Name", "event.$": "$.audit"},
                "MaxConcurrency": design.shards,
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "INLINE"},
                    "StartAt": "Audit one shard",
                    "States": {
                        "Audit one shard": shard_task,
                        "Shard failed": {
                            "Type": "Pass",
                            "Parameters": {"shard.$": "$.shard", "error.$": "$.error"},
                            "End": true,
                        },
                    },
                },
                "ResultPath": "$.shard_results",
                "Next": "Merge",
            },
            "Merge": merge_task,
        },
    })
}
