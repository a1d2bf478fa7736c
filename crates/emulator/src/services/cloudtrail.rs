//! CloudTrail (awsJson1.1): LookupEvents with one lookup attribute, a time window, MaxResults up
//! to 50 and NextToken, newest events first, only the events of the region the request is signed
//! for, as CloudTrail answers. Each event carries its signing key (`AccessKeyId`, and
//! `userIdentity.accessKeyId` in the CloudTrailEvent JSON), the caller's address and client, and
//! `invokedBy` when an AWS service called on the principal's behalf.

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::protocol::{AwsError, epoch_seconds};
use crate::scenario::is_service_address;
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
    let lookup = Lookup::parse(body)?;
    let matching: Vec<&Event> = account
        .events
        .iter()
        .filter(|event| lookup.selects(event, &request.region))
        .collect();
    let (items, next) = super::page(
        &matching,
        body.get("NextToken").and_then(Value::as_str),
        lookup.max_results.map(|max| max as usize),
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

/// What a LookupEvents request asks for, validated.
struct Lookup {
    /// The one lookup attribute, key and value, if any.
    attribute: Option<(String, String)>,
    /// Events from this time on.
    start: Option<DateTime<Utc>>,
    /// Events up to this time.
    end: Option<DateTime<Utc>>,
    /// The page size asked for, 1–50.
    max_results: Option<u64>,
}

impl Lookup {
    /// Reads and checks the request's body: the lookup attribute, the time window, then
    /// MaxResults, failing as CloudTrail does on the first that is not valid.
    fn parse(body: &Value) -> Result<Lookup, AwsError> {
        let attribute = lookup_attribute(body)?;
        let time = |name: &str| {
            body.get(name).and_then(Value::as_f64).and_then(|seconds| {
                DateTime::<Utc>::from_timestamp_millis((seconds * 1000.0) as i64)
            })
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
        Ok(Lookup {
            attribute,
            start,
            end,
            max_results,
        })
    }

    /// Whether an event is one the request asks for: in the region, in the window, and with the
    /// lookup attribute.
    fn selects(&self, event: &Event, region: &str) -> bool {
        event.region == region
            && self.start.is_none_or(|start| event.time >= start)
            && self.end.is_none_or(|end| event.time <= end)
            && self
                .attribute
                .as_ref()
                .is_none_or(|(key, value)| has_attribute(event, key, value))
    }
}

/// A 400 of CloudTrail's, with its exception name.
fn invalid(code: &str, message: &str) -> AwsError {
    AwsError::sender(StatusCode::BAD_REQUEST, code, message)
}

/// The request's lookup attribute: none, or one with a key CloudTrail knows.
fn lookup_attribute(body: &Value) -> Result<Option<(String, String)>, AwsError> {
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
    let Some(attribute) = attributes.first() else {
        return Ok(None);
    };
    let key = attribute
        .get("AttributeKey")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !LOOKUP_KEYS.contains(&key) {
        return Err(invalid(
            "InvalidLookupAttributesException",
            &format!(
                "The attribute key {key} is not valid. Valid keys: {}",
                LOOKUP_KEYS.join(", ")
            ),
        ));
    }
    let value = attribute
        .get("AttributeValue")
        .and_then(Value::as_str)
        .unwrap_or_default();
    Ok(Some((key.to_string(), value.to_string())))
}

/// Whether an event has the lookup attribute `key` with `value`.
fn has_attribute(event: &Event, key: &str, value: &str) -> bool {
    match key {
        "EventName" => event.name == value,
        "Username" => event.username == value,
        "ResourceName" => event.resources.iter().any(|resource| resource == value),
        "EventId" => event.id == value,
        "EventSource" => event.source == value,
        "AccessKeyId" => event.access_key_id.as_deref() == Some(value),
        "ReadOnly" => event.read_only.to_string() == value,
        "ResourceType" => !event.resources.is_empty() && value == "AWS::IAM::User",
        _ => false,
    }
}

/// The attribute keys LookupEvents accepts.
const LOOKUP_KEYS: [&str; 8] = [
    "EventId",
    "EventName",
    "ReadOnly",
    "Username",
    "ResourceType",
    "ResourceName",
    "EventSource",
    "AccessKeyId",
];

/// CloudTrail's `userIdentity`: the root user or an IAM user of the account, with the key that
/// signed the call and the service that made it on the principal's behalf.
fn user_identity(account: &Account, event: &Event) -> Value {
    let mut identity = if event.username == "root" {
        json!({"type": "Root", "principalId": account.id,
               "arn": format!("arn:aws:iam::{}:root", account.id), "accountId": account.id})
    } else {
        let user = account
            .users
            .iter()
            .find(|user| user.name == event.username);
        let arn = user.map_or_else(
            || format!("arn:aws:iam::{}:user/{}", account.id, event.username),
            |user| user.arn.clone(),
        );
        let principal = user.map_or_else(
            || format!("AIDA{}", crate::world::id_tail(&arn)),
            |user| user.user_id.clone(),
        );
        json!({"type": "IAMUser", "principalId": principal, "arn": arn,
               "accountId": account.id, "userName": event.username})
    };
    if let Some(key) = &event.access_key_id {
        identity["accessKeyId"] = json!(key);
    }
    if is_service_address(&event.source_ip) {
        identity["invokedBy"] = json!(event.source_ip);
    }
    identity
}

fn render(account: &Account, event: &Event) -> Value {
    let console = event.name == "ConsoleLogin";
    let detail = json!({
        "eventVersion": "1.08",
        "userIdentity": user_identity(account, event),
        "eventTime": crate::protocol::iso8601(event.time),
        "eventSource": event.source,
        "eventName": event.name,
        "awsRegion": event.region,
        "sourceIPAddress": event.source_ip,
        "userAgent": event.user_agent,
        "requestParameters": event.resources.first().map(|name| json!({"userName": name})),
        "responseElements": null,
        "requestID": format!("{}-request", event.id),
        "eventID": event.id,
        "readOnly": event.read_only,
        "eventType": if console { "AwsConsoleSignIn" } else { "AwsApiCall" },
        "managementEvent": true,
        "recipientAccountId": account.id,
        "eventCategory": "Management",
    });
    let mut record = json!({
        "EventId": event.id,
        "EventName": event.name,
        "ReadOnly": event.read_only.to_string(),
        "EventTime": epoch_seconds(event.time),
        "EventSource": event.source,
        "Username": event.username,
        "Resources": event.resources.iter().map(|name| json!({"ResourceType": "AWS::IAM::User", "ResourceName": name})).collect::<Vec<_>>(),
        "CloudTrailEvent": detail.to_string(),
    });
    if let Some(key) = &event.access_key_id {
        record["AccessKeyId"] = json!(key);
    }
    record
}

#[cfg(test)]
mod tests;
