//! CloudTrail (awsJson1.1): LookupEvents with one lookup attribute, a time window, MaxResults up
//! to 50 and NextToken, newest events first, as CloudTrail answers.

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::protocol::{AwsError, epoch_seconds};
use crate::server::{Request, Shared};
use crate::world::{Account, Event};

/// Answers a CloudTrail request.
pub fn handle(shared: &Shared, request: &Request) -> Result<String, AwsError> {
    if request.action != "LookupEvents" {
        return Err(super::unknown_action(request));
    }
    let account = shared
        .world
        .accounts
        .get(&request.identity.account_id)
        .ok_or_else(|| super::access_denied(request))?;
    let body = &request.json;
    let invalid =
        |code: &str, message: &str| AwsError::sender(StatusCode::BAD_REQUEST, code, message);
    let attributes = body
        .get("LookupAttributes")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if attributes.len() > 1 {
        return Err(invalid(
            "InvalidLookupAttributesException",
            "You can specify only one lookup attribute.",
        ));
    }
    let filter = attributes.first().map(|attribute| {
        (
            attribute
                .get("AttributeKey")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            attribute
                .get("AttributeValue")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        )
    });
    let time = |name: &str| {
        body.get(name)
            .and_then(Value::as_f64)
            .and_then(|seconds| DateTime::<Utc>::from_timestamp_millis((seconds * 1000.0) as i64))
    };
    let start = time("StartTime");
    let end = time("EndTime");
    if let (Some(start), Some(end)) = (start, end)
        && start > end
    {
        return Err(invalid(
            "InvalidTimeRangeException",
            "StartTime is after EndTime",
        ));
    }
    let max_results = body.get("MaxResults").and_then(Value::as_u64);
    if max_results.is_some_and(|max| max == 0 || max > 50) {
        return Err(invalid(
            "InvalidMaxResultsException",
            "MaxResults must be 1–50",
        ));
    }
    let matching: Vec<&Event> = account
        .events
        .iter()
        .filter(|event| event.region == request.region)
        .filter(|event| start.is_none_or(|start| event.time >= start))
        .filter(|event| end.is_none_or(|end| event.time <= end))
        .filter(|event| match &filter {
            None => true,
            Some((key, value)) => match key.as_str() {
                "EventName" => &event.name == value,
                "Username" => &event.username == value,
                "ResourceName" => event.resources.iter().any(|resource| resource == value),
                "EventId" => &event.id == value,
                "EventSource" => event_source(event) == value,
                "AccessKeyId" => event.access_key_id.as_ref() == Some(value),
                _ => false,
            },
        })
        .collect();
    let (items, next) = super::page(
        &matching,
        body.get("NextToken").and_then(Value::as_str),
        max_results.map(|max| max as usize),
        shared.world.scenario.settings.page_size.lookup_events,
        request.protocol,
    )?;
    let events: Vec<Value> = items.iter().map(|event| render(account, event)).collect();
    let mut answer = json!({ "Events": events });
    if let Some(next) = next {
        answer["NextToken"] = json!(next);
    }
    Ok(answer.to_string())
}

fn event_source(event: &Event) -> &'static str {
    if event.name == "ConsoleLogin" {
        "signin.amazonaws.com"
    } else {
        "iam.amazonaws.com"
    }
}

fn render(account: &Account, event: &Event) -> Value {
    let identity = if event.username == "root" {
        json!({"type": "Root", "arn": format!("arn:aws:iam::{}:root", account.id), "accountId": account.id})
    } else {
        json!({"type": "IAMUser", "userName": event.username,
               "arn": format!("arn:aws:iam::{}:user/{}", account.id, event.username), "accountId": account.id})
    };
    let detail = json!({
        "eventVersion": "1.08",
        "userIdentity": identity,
        "eventTime": crate::protocol::iso8601(event.time),
        "eventSource": event_source(event),
        "eventName": event.name,
        "awsRegion": event.region,
        "sourceIPAddress": event.source_ip,
        "userAgent": event.user_agent,
        "requestParameters": event.resources.first().map(|name| json!({"userName": name})),
        "eventID": event.id,
        "readOnly": false,
        "eventType": if event.name == "ConsoleLogin" { "AwsConsoleSignIn" } else { "AwsApiCall" },
        "recipientAccountId": account.id,
    });
    let mut record = json!({
        "EventId": event.id,
        "EventName": event.name,
        "ReadOnly": "false",
        "EventTime": epoch_seconds(event.time),
        "EventSource": event_source(event),
        "Username": event.username,
        "Resources": event.resources.iter().map(|name| json!({"ResourceType": "AWS::IAM::User", "ResourceName": name})).collect::<Vec<_>>(),
        "CloudTrailEvent": detail.to_string(),
    });
    if let Some(key) = &event.access_key_id {
        record["AccessKeyId"] = json!(key);
    }
    record
}
