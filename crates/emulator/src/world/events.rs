//! CloudTrail events resolved against "now": the scenario's own events (console sign-ins, IAM
//! lifecycle calls) and the events generated from each access key's activity list, newest first,
//! with the ids, sources and signing keys LookupEvents answers with.

use chrono::{DateTime, Duration, Utc};

use super::{Key, User, id_tail};
use crate::scenario::{AccountSpec, ActivitySpec, event_source_of, is_read_only};

/// A resolved CloudTrail event.
#[derive(Debug)]
pub struct Event {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The service that recorded it (`iam.amazonaws.com`).
    pub source: String,
    /// Whether the call only read.
    pub read_only: bool,
    /// Time.
    pub time: DateTime<Utc>,
    /// Username; `root` for the root user.
    pub username: String,
    /// Resource names.
    pub resources: Vec<String>,
    /// Source address, or the AWS service that called on the principal's behalf.
    pub source_ip: String,
    /// User agent.
    pub user_agent: String,
    /// Region.
    pub region: String,
    /// Signing key.
    pub access_key_id: Option<String>,
}

/// An event id in CloudTrail's shape, from a seed.
fn event_id(seed: &str) -> String {
    let tail = id_tail(seed).to_lowercase();
    let more = id_tail(&format!("{seed}/more")).to_lowercase();
    format!(
        "{}-{}-{}-{}-{}",
        &tail[..8],
        &tail[8..12],
        &tail[12..16],
        &more[..4],
        &more[4..16]
    )
}

/// Every event of an account, newest first: the scenario's events, then those of each user's and
/// the root user's access key activity (`users` are the resolved users, in the spec's order of
/// `spec.users` by name; `root_keys` the root user's resolved keys).
pub(super) fn resolve(
    spec: &AccountSpec,
    users: &[User],
    root_keys: &[Key],
    now: DateTime<Utc>,
) -> Vec<Event> {
    let mut events: Vec<Event> = spec
        .events
        .iter()
        .enumerate()
        .map(|(index, event)| {
            let tail = id_tail(&format!("{}/{index}/{}", spec.id, event.name)).to_lowercase();
            Event {
                id: format!("{}-{}-{}", &tail[..8], &tail[8..12], &tail[12..16]),
                source: event_source_of(&event.name)
                    .unwrap_or("iam.amazonaws.com")
                    .to_string(),
                read_only: is_read_only(&event.name),
                name: event.name.clone(),
                time: event.time.resolve(now),
                username: event.username.clone(),
                resources: event.resources.clone(),
                source_ip: event.source_ip.clone(),
                user_agent: event.user_agent.clone(),
                region: event.region.clone(),
                access_key_id: event.access_key_id.clone(),
            }
        })
        .collect();
    for user_spec in &spec.users {
        let Some(user) = users.iter().find(|user| user.name == user_spec.name) else {
            continue;
        };
        for (index, activity) in user_spec.activity.iter().enumerate() {
            let seed = format!("{}#activity#{index}", user.arn);
            generate(&mut events, activity, &user.name, &user.keys, &seed, now);
        }
    }
    for (index, activity) in spec.root.activity.iter().enumerate() {
        let seed = format!("arn:aws:iam::{}:root#activity#{index}", spec.id);
        generate(&mut events, activity, "root", root_keys, &seed, now);
    }
    events.sort_by(|left, right| right.time.cmp(&left.time).then(left.id.cmp(&right.id)));
    events
}

/// Appends one activity's events: `events` calls, the newest `days_ago` days ago, spread evenly
/// over `over_days` days before it.
fn generate(
    events: &mut Vec<Event>,
    activity: &ActivitySpec,
    username: &str,
    keys: &[Key],
    seed: &str,
    now: DateTime<Utc>,
) {
    let Some(key) = activity
        .key
        .checked_sub(1)
        .and_then(|index| keys.get(index))
    else {
        return;
    };
    let source = activity
        .source()
        .unwrap_or_else(|| "iam.amazonaws.com".to_string());
    let agent = activity.agent();
    let newest = now - Duration::days(i64::from(activity.days_ago));
    let window = Duration::days(i64::from(activity.over_days.max(1)));
    let count = activity.events.max(1);
    let step = window / i32::try_from(count).unwrap_or(i32::MAX);
    events.reserve(activity.events as usize);
    for number in 0..activity.events {
        events.push(Event {
            id: event_id(&format!("{seed}/{number}")),
            name: activity.event_name.clone(),
            source: source.clone(),
            read_only: is_read_only(&activity.event_name),
            time: newest - step * i32::try_from(number).unwrap_or(i32::MAX),
            username: username.to_string(),
            resources: Vec::new(),
            source_ip: activity.source_ip.clone(),
            user_agent: agent.clone(),
            region: activity.region.clone(),
            access_key_id: Some(key.id.clone()),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_ids_look_like_cloudtrails() {
        let id = event_id("seed");
        let lengths: Vec<usize> = id.split('-').map(str::len).collect();
        assert_eq!(lengths, [8, 4, 4, 4, 12]);
        assert_ne!(id, event_id("other"));
    }
}
