//! CloudTrail LookupEvents in the home region: one `EventName` lookup attribute at a time for
//! each IAM lifecycle event, every page, within the window.

use aws_sdk_cloudtrail::primitives::DateTime as SdkDateTime;
use aws_sdk_cloudtrail::types::{LookupAttribute, LookupAttributeKey};
use iam_audit_model::{CloudTrailEvent, CollectionError, LIFECYCLE_EVENT_NAMES};

use crate::error::collection_error;
use crate::limits::Limiter;
use crate::options::CloudTrailWindow;
use crate::session::{CloudTrail, as_account};
use crate::time::to_utc;

/// Every lifecycle event of the window; the first failed lookup ends the collection, since a
/// partial event list would look complete.
pub(crate) async fn collect_events(
    cloudtrail: &CloudTrail,
    limiter: &Limiter,
    account_id: &str,
    window: &CloudTrailWindow,
) -> Result<Vec<CloudTrailEvent>, CollectionError> {
    let mut events = Vec::new();
    for name in LIFECYCLE_EVENT_NAMES {
        for event in lookup(cloudtrail, limiter, account_id, window, name).await? {
            events.push(event_of(&event));
        }
    }
    Ok(events)
}

/// The newest root `ConsoleLogin` of the window, if any.
pub(crate) async fn last_root_login(
    cloudtrail: &CloudTrail,
    limiter: &Limiter,
    account_id: &str,
    window: &CloudTrailWindow,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, CollectionError> {
    let logins = lookup(cloudtrail, limiter, account_id, window, "ConsoleLogin").await?;
    Ok(logins
        .iter()
        .filter(|event| is_root_identity(event.cloud_trail_event(), event.username()))
        .filter_map(|event| event.event_time().and_then(to_utc))
        .max())
}

/// Every event named `name` in the window: one lookup attribute, all pages of 50.
async fn lookup(
    cloudtrail: &CloudTrail,
    limiter: &Limiter,
    account_id: &str,
    window: &CloudTrailWindow,
    name: &str,
) -> Result<Vec<aws_sdk_cloudtrail::types::Event>, CollectionError> {
    let attribute = LookupAttribute::builder()
        .attribute_key(LookupAttributeKey::EventName)
        .attribute_value(name)
        .build()
        .map_err(|error| CollectionError {
            account_id: account_id.to_string(),
            api: "cloudtrail:LookupEvents".to_string(),
            resource: Some(name.to_string()),
            kind: iam_audit_model::ErrorKind::Other,
            code: None,
            message: error.to_string(),
        })?;
    let mut events = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let _turn = limiter.ready().await;
        let page = as_account!(
            cloudtrail
                .lookup_events()
                .lookup_attributes(attribute.clone())
                .start_time(SdkDateTime::from_secs(window.start.timestamp()))
                .end_time(SdkDateTime::from_secs(window.end.timestamp()))
                .max_results(50)
                .set_next_token(token.clone())
        )
        .await
        .map_err(|error| {
            collection_error(account_id, "cloudtrail:LookupEvents", Some(name), &error)
        })?;
        events.extend(page.events().iter().cloned());
        token = page
            .next_token()
            .filter(|next| !next.is_empty())
            .map(str::to_string);
        if token.is_none() {
            return Ok(events);
        }
    }
}

/// A root identity: `userIdentity.type` is `Root` in the event JSON (or the username is `root`
/// when the JSON cannot be read).
pub(crate) fn is_root_identity(detail: Option<&str>, username: Option<&str>) -> bool {
    let identity_type = detail
        .and_then(|text| serde_json::from_str::<serde_json::Value>(text).ok())
        .and_then(|value| {
            value
                .get("userIdentity")
                .and_then(|identity| identity.get("type"))
                .and_then(|kind| kind.as_str())
                .map(str::to_string)
        });
    match identity_type {
        Some(kind) => kind == "Root",
        None => username == Some("root"),
    }
}

fn event_of(event: &aws_sdk_cloudtrail::types::Event) -> CloudTrailEvent {
    let detail = parse_detail(event.cloud_trail_event());
    CloudTrailEvent {
        event_id: event.event_id().unwrap_or_default().to_string(),
        event_time: event.event_time().and_then(to_utc).unwrap_or_default(),
        event_name: event.event_name().unwrap_or_default().to_string(),
        username: event.username().map(str::to_string),
        event_source: event
            .event_source()
            .map(str::to_string)
            .or_else(|| detail.event_source.clone()),
        aws_region: detail.aws_region,
        source_ip_address: detail.source_ip_address,
        access_key_id: event.access_key_id().map(str::to_string),
        user_agent: detail.user_agent,
        resources: event
            .resources()
            .iter()
            .filter_map(|resource| resource.resource_name().map(str::to_string))
            .collect(),
    }
}

/// The fields of CloudTrail's event JSON string that the reports show.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct EventDetail {
    pub event_source: Option<String>,
    pub aws_region: Option<String>,
    pub source_ip_address: Option<String>,
    pub user_agent: Option<String>,
}

/// Reads the event JSON string; anything unreadable leaves the fields empty (the event itself is
/// still reported).
pub(crate) fn parse_detail(text: Option<&str>) -> EventDetail {
    let Some(value) = text.and_then(|text| serde_json::from_str::<serde_json::Value>(text).ok())
    else {
        return EventDetail::default();
    };
    let field = |name: &str| {
        value
            .get(name)
            .and_then(|field| field.as_str())
            .map(str::to_string)
    };
    EventDetail {
        event_source: field("eventSource"),
        aws_region: field("awsRegion"),
        source_ip_address: field("sourceIPAddress"),
        user_agent: field("userAgent"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_detail_is_read_from_the_json_string() {
        let detail = parse_detail(Some(
            r#"{"eventSource":"iam.amazonaws.com","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.1","userAgent":"=cmd"}"#,
        ));
        assert_eq!(detail.aws_region.as_deref(), Some("us-east-1"));
        assert_eq!(detail.source_ip_address.as_deref(), Some("203.0.113.1"));
        assert_eq!(detail.user_agent.as_deref(), Some("=cmd"));
    }

    #[test]
    fn root_identities_are_recognised() {
        assert!(is_root_identity(
            Some(r#"{"userIdentity":{"type":"Root"}}"#),
            Some("x")
        ));
        assert!(!is_root_identity(
            Some(r#"{"userIdentity":{"type":"IAMUser"}}"#),
            Some("root")
        ));
        assert!(is_root_identity(Some("not json"), Some("root")));
        assert!(!is_root_identity(None, Some("alice")));
    }

    #[test]
    fn unreadable_detail_is_empty_not_an_error() {
        assert_eq!(parse_detail(Some("{not json")), EventDetail::default());
        assert_eq!(parse_detail(Some("[1,2]")), EventDetail::default());
        assert_eq!(parse_detail(None), EventDetail::default());
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(iam_audit_model::property_cases(2000)))]

        /// The event JSON string is attacker-influenced: any text is read or ignored, never a panic.
        #[test]
        fn any_event_text_is_read_or_ignored(text in any::<String>(), username in any::<Option<String>>()) {
            let _ = parse_detail(Some(&text));
            let _ = is_root_identity(Some(&text), username.as_deref());
        }

        /// Fields of a well-formed event come through exactly, whatever they hold.
        #[test]
        fn event_fields_come_through(source in any::<String>(), region in any::<String>(), address in any::<String>(), agent in any::<String>()) {
            let text = serde_json::json!({
                "eventSource": source, "awsRegion": region, "sourceIPAddress": address, "userAgent": agent,
                "userIdentity": {"type": "Root"},
            }).to_string();
            let detail = parse_detail(Some(&text));
            prop_assert_eq!(detail.event_source, Some(source));
            prop_assert_eq!(detail.aws_region, Some(region));
            prop_assert_eq!(detail.source_ip_address, Some(address));
            prop_assert_eq!(detail.user_agent, Some(agent));
            prop_assert!(is_root_identity(Some(&text), None));
        }
    }
}
