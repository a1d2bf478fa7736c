//! Where each active access key is used from: CloudTrail LookupEvents by `AccessKeyId`, in the
//! region the key was last used in (the home region when IAM says `N/A`), within the CloudTrail
//! window, for the keys used within it, at most `--key-activity-pages` pages of 50 events each.
//! Each region's lookups are paced by the account's limiter of that region (AWS allows 2 per
//! second per account and region). A failed lookup leaves the key's activity unknown and is
//! recorded; a lookup cut short by the budget is `complete: false`.
//!
//! What this sees, stated once: management events (not data events such as S3 object reads) of
//! the window, in the one region looked up.

use aws_sdk_cloudtrail::primitives::DateTime as SdkDateTime;
use aws_sdk_cloudtrail::types::{LookupAttribute, LookupAttributeKey};
use iam_audit_model::exposure::KeyActivityBuilder;
use iam_audit_model::{AccessKeyStatus, CollectionError, KeyActivity, Observed, User};

use crate::cloudtrail::parse_detail;
use crate::error::collection_error;
use crate::limits::{AccountLimits, Limiter};
use crate::options::CloudTrailWindow;
use crate::session::{CloudTrail, as_account};
use crate::time::to_utc;

/// What one account's lookups share.
pub(crate) struct Lookups {
    pub cloudtrail: CloudTrail,
    pub limits: AccountLimits,
    pub account_id: String,
    pub window: CloudTrailWindow,
    pub home_region: String,
    pub pages: u32,
    pub concurrency: usize,
}

/// One key to look up.
#[derive(Debug)]
pub(crate) struct Wanted {
    user_name: String,
    key_id: String,
    region: String,
}

/// A key's activity, read or not.
pub(crate) struct Looked {
    pub user_name: String,
    pub key_id: String,
    pub activity: Observed<KeyActivity>,
}

/// Offers a user's keys, as soon as they are read, to the account's lookups: the active keys
/// used within the window, each with the region to look in.
pub(crate) fn offer(
    sender: &tokio::sync::mpsc::UnboundedSender<Wanted>,
    user: &User,
    window: &CloudTrailWindow,
    home_region: &str,
) {
    for wanted in wanted_keys(user, window, home_region) {
        // The receiver outlives every sender (it is joined with the users' read).
        let _ = sender.send(wanted);
    }
}

/// Looks up every key offered, as it is offered, at most `concurrency` at once (each region's
/// requests paced by its own limiter), until the users' read ends; the lookups, and the
/// failures.
pub(crate) async fn serve(
    lookups: std::sync::Arc<Lookups>,
    mut offered: tokio::sync::mpsc::UnboundedReceiver<Wanted>,
) -> (Vec<Looked>, Vec<CollectionError>) {
    let mut running = tokio::task::JoinSet::new();
    // Which key each task looks up, so that a task that ends without an answer is that key's
    // failure, never a key left silently unread.
    let mut keys = std::collections::HashMap::new();
    let mut looked = Vec::new();
    let mut errors = Vec::new();
    while let Some(wanted) = offered.recv().await {
        if running.len() >= lookups.concurrency.max(1)
            && let Some(joined) = running.join_next_with_id().await
        {
            finished(&lookups, joined, &mut keys, &mut looked, &mut errors);
        }
        let task_lookups = std::sync::Arc::clone(&lookups);
        let key = (wanted.user_name.clone(), wanted.key_id.clone());
        let handle = running.spawn(async move {
            let cloudtrail = task_lookups.cloudtrail.in_region(&wanted.region);
            let limiter = task_lookups
                .limits
                .cloudtrail_in(&wanted.region, &task_lookups.home_region);
            lookup(&task_lookups, &cloudtrail, &limiter, &wanted).await
        });
        keys.insert(handle.id(), key);
    }
    while let Some(joined) = running.join_next_with_id().await {
        finished(&lookups, joined, &mut keys, &mut looked, &mut errors);
    }
    (looked, errors)
}

type Joined =
    Result<(tokio::task::Id, Result<KeyActivity, CollectionError>), tokio::task::JoinError>;

/// One lookup's end: its activity, or its failure (a task that ended without an answer too).
fn finished(
    lookups: &Lookups,
    joined: Joined,
    keys: &mut std::collections::HashMap<tokio::task::Id, (String, String)>,
    looked: &mut Vec<Looked>,
    errors: &mut Vec<CollectionError>,
) {
    let (id, read) = match joined {
        Ok((id, read)) => (id, read),
        Err(failure) => {
            let id = failure.id();
            let (user_name, key_id) = keys.get(&id).cloned().unwrap_or_default();
            (
                id,
                Err(CollectionError {
                    account_id: lookups.account_id.clone(),
                    api: "cloudtrail:LookupEvents".to_string(),
                    resource: Some(format!("{user_name}/{key_id}")),
                    kind: iam_audit_model::ErrorKind::Other,
                    code: None,
                    message: format!("the key's activity lookup stopped: {failure}"),
                }),
            )
        }
    };
    let Some((user_name, key_id)) = keys.remove(&id) else {
        return;
    };
    let activity = match read {
        Ok(activity) => Observed::Known(activity),
        Err(error) => {
            errors.push(error);
            Observed::Unknown
        }
    };
    looked.push(Looked {
        user_name,
        key_id,
        activity,
    });
}

/// Sets each looked-up key's activity.
pub(crate) fn attach(users: &mut [User], looked: Vec<Looked>) {
    for looked in looked {
        let key = users
            .iter_mut()
            .filter(|user| user.name == looked.user_name)
            .filter_map(|user| match &mut user.access_keys {
                Observed::Known(keys) => Some(keys),
                Observed::Unknown => None,
            })
            .flatten()
            .find(|key| key.id == looked.key_id);
        if let Some(key) = key {
            key.activity = Some(looked.activity);
        }
    }
}

/// A user's active keys last used within the window, each with the region to look in.
fn wanted_keys(user: &User, window: &CloudTrailWindow, home_region: &str) -> Vec<Wanted> {
    let mut wanted = Vec::new();
    for key in user.access_keys.known().into_iter().flatten() {
        let Observed::Known(last_use) = &key.last_used else {
            continue;
        };
        let used_in_window = last_use.date.is_some_and(|date| date >= window.start);
        if key.status != AccessKeyStatus::Active || !used_in_window {
            continue;
        }
        let region = last_use
            .region
            .as_deref()
            .filter(|region| is_region_name(region))
            .unwrap_or(home_region)
            .to_string();
        wanted.push(Wanted {
            user_name: user.name.clone(),
            key_id: key.id.clone(),
            region,
        });
    }
    wanted
}

/// A region's name (`us-east-1`, `us-gov-west-1`, `cn-north-1`): IAM's last-used region is read
/// from AWS, and anything else is not sent as one.
fn is_region_name(text: &str) -> bool {
    (6..=32).contains(&text.len())
        && text.contains('-')
        && text
            .bytes()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
}

/// One key's lookup: pages of 50 until the last or the budget.
async fn lookup(
    lookups: &Lookups,
    cloudtrail: &CloudTrail,
    limiter: &Limiter,
    wanted: &Wanted,
) -> Result<KeyActivity, CollectionError> {
    let resource = format!("{}/{}", wanted.user_name, wanted.key_id);
    let failed = |message: String| CollectionError {
        account_id: lookups.account_id.clone(),
        api: "cloudtrail:LookupEvents".to_string(),
        resource: Some(resource.clone()),
        kind: iam_audit_model::ErrorKind::Other,
        code: None,
        message,
    };
    let attribute = LookupAttribute::builder()
        .attribute_key(LookupAttributeKey::AccessKeyId)
        .attribute_value(&wanted.key_id)
        .build()
        .map_err(|error| failed(error.to_string()))?;
    let mut activity = KeyActivityBuilder::new(&wanted.region);
    // The window's end rounded up to the second, so that an event of the run's very second is in.
    let end = lookups.window.end;
    let window_end = end.timestamp() + i64::from(end.timestamp_subsec_nanos() > 0);
    let mut token: Option<String> = None;
    for _ in 0..lookups.pages {
        let _turn = limiter.ready().await;
        let page = as_account!(
            cloudtrail
                .lookup_events()
                .lookup_attributes(attribute.clone())
                .start_time(SdkDateTime::from_secs(lookups.window.start.timestamp()))
                .end_time(SdkDateTime::from_secs(window_end))
                .max_results(50)
                .set_next_token(token.clone())
        )
        .await
        .map_err(|error| {
            collection_error(
                &lookups.account_id,
                "cloudtrail:LookupEvents",
                Some(&resource),
                &error,
            )
        })?;
        activity.page();
        for event in page.events() {
            let detail = parse_detail(event.cloud_trail_event());
            activity.event(
                event.event_time().and_then(to_utc),
                detail.source_ip_address.as_deref(),
                detail.user_agent.as_deref(),
                detail.aws_region.as_deref(),
            );
        }
        token = page
            .next_token()
            .filter(|next| !next.is_empty())
            .map(str::to_string);
        if token.is_none() {
            return Ok(activity.finish(true));
        }
    }
    tracing::debug!(
        "{}: the activity of {} was cut at {} pages (--key-activity-pages)",
        lookups.account_id,
        wanted.key_id,
        lookups.pages
    );
    Ok(activity.finish(false))
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, Utc};
    use iam_audit_model::{AccessKey, AccessKeyLastUse};

    use super::*;

    fn user(keys: Vec<(AccessKeyStatus, Option<i64>, Option<&str>)>) -> User {
        let now = Utc::now();
        User {
            name: "ci".to_string(),
            arn: "arn:aws:iam::1:user/ci".to_string(),
            user_id: "AIDA".to_string(),
            path: "/".to_string(),
            created: now,
            password_last_used: None,
            login_profile: Observed::Known(None),
            mfa_devices: Observed::Known(Vec::new()),
            access_keys: Observed::Known(
                keys.into_iter()
                    .enumerate()
                    .map(|(index, (status, used, region))| AccessKey {
                        id: format!("AKIA{index}"),
                        status,
                        created: now,
                        last_used: Observed::Known(AccessKeyLastUse {
                            date: used.map(|days| now - Duration::days(days)),
                            service: None,
                            region: region.map(str::to_string),
                        }),
                        activity: None,
                    })
                    .collect(),
            ),
            ssh_public_keys: Observed::Known(Vec::new()),
            signing_certificates: Observed::Known(Vec::new()),
            service_specific_credentials: Observed::Known(Vec::new()),
            usage: None,
        }
    }

    #[test]
    fn active_keys_used_in_the_window_are_looked_up_where_last_used() {
        let window = CloudTrailWindow {
            start: Utc::now() - Duration::days(90),
            end: Utc::now(),
        };
        let holder = user(vec![
            (AccessKeyStatus::Active, Some(3), Some("eu-west-1")),
            (AccessKeyStatus::Active, Some(2), None),
            (AccessKeyStatus::Active, Some(200), Some("us-east-1")),
            (AccessKeyStatus::Active, None, None),
            (AccessKeyStatus::Inactive, Some(1), Some("us-east-1")),
            (AccessKeyStatus::Active, Some(1), Some("us-east-1\nx")),
        ]);
        let wanted: Vec<(String, String)> = wanted_keys(&holder, &window, "us-east-1")
            .into_iter()
            .map(|wanted| (wanted.key_id, wanted.region))
            .collect();
        assert_eq!(
            wanted,
            [
                ("AKIA0".to_string(), "eu-west-1".to_string()),
                ("AKIA1".to_string(), "us-east-1".to_string()),
                ("AKIA5".to_string(), "us-east-1".to_string()),
            ]
        );
    }
}
