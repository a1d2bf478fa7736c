//! The building blocks the resource groups share: checkov's skips (each with its reason, on the
//! resource it concerns) and the alarm on one of the audit's metrics.

use serde_json::{Value, json};

/// A checkov skip with its reason, written on the resource it concerns.
pub(super) fn skips(skips: &[(&str, &str)]) -> Value {
    json!({"checkov": {"skip": skips.iter().map(|(id, comment)| json!({"id": id, "comment": comment})).collect::<Vec<_>>()}})
}

/// An alarm on one metric of the audit: the weekly run did not finish.
pub(super) fn alarm(namespace: &str, metric: &str, dimension: &str, value: Value) -> Value {
    json!({
        "Type": "AWS::CloudWatch::Alarm",
        "Properties": {
            "AlarmDescription": format!("iam-audit: {metric} — the weekly audit did not finish; see the logs and the dead-letter queue"),
            "Namespace": namespace,
            "MetricName": metric,
            "Dimensions": [{"Name": dimension, "Value": value}],
            "Statistic": "Sum",
            "Period": 300,
            "EvaluationPeriods": 1,
            "Threshold": 1,
            "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "TreatMissingData": "notBreaching",
            "AlarmActions": {"Fn::If": ["HasAlarmTopic", [{"Ref": "AlarmTopicArn"}], {"Ref": "AWS::NoValue"}]},
        },
    })
}
