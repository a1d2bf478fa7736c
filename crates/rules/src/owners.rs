//! Whose a credential is (`[owners]`): the first of `user_tags` the user carries (users' tags come
//! with GetAccountAuthorizationDetails at no extra call), else the first of `account_tags` the
//! account carries (Organizations ListTagsForResource), else no one. Findings carry the owner
//! and the account's OU path, so that reports can filter and routes can send by them.
//!
//! ```toml
//! [owners]
//! user_tags = ["owner", "team", "email"]
//! account_tags = ["owner"]
//! ```

use std::collections::BTreeMap;

use iam_audit_model::AccountSnapshot;
use serde::Deserialize;

/// `[owners]`: the tag keys that name an owner, most specific first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Owners {
    /// User tag keys, first present wins (keys compare without regard to case).
    #[serde(default)]
    pub user_tags: Vec<String>,
    /// Account tag keys, tried when no user tag names an owner.
    #[serde(default)]
    pub account_tags: Vec<String>,
}

/// No `[owners]`: no one owns anything.
pub static NO_OWNERS: Owners = Owners {
    user_tags: Vec::new(),
    account_tags: Vec::new(),
};

impl Owners {
    /// Whether the accounts' tags must be read (`account_tags` names some).
    pub fn reads_account_tags(&self) -> bool {
        !self.account_tags.is_empty()
    }

    /// The owner of `user_name` in `snapshot` (or of the account itself, without a user): the
    /// first user tag present, then the first account tag present, else `None`. An empty value
    /// names no one.
    pub fn owner_of<'a>(
        &self,
        snapshot: &'a AccountSnapshot,
        user_name: Option<&str>,
    ) -> Option<&'a str> {
        let user_tags = user_name.and_then(|name| {
            snapshot
                .authorization
                .known()
                .and_then(|authorization| authorization.user_tags.get(name))
        });
        user_tags
            .and_then(|tags| first_tag(tags, &self.user_tags))
            .or_else(|| {
                snapshot
                    .tags
                    .as_ref()
                    .and_then(|tags| first_tag(tags, &self.account_tags))
            })
    }
}

/// The value of the first of `keys` that `tags` holds with a non-empty value.
fn first_tag<'a>(tags: &'a BTreeMap<String, String>, keys: &[String]) -> Option<&'a str> {
    keys.iter().find_map(|key| {
        tags.iter()
            .find(|(name, value)| name.eq_ignore_ascii_case(key) && !value.trim().is_empty())
            .map(|(_, value)| value.trim())
    })
}

#[cfg(test)]
mod tests {
    use iam_audit_model::{Account, AccountAuthorization, Observed};

    use super::*;

    fn snapshot(
        user_tags: &[(&str, &str)],
        account_tags: Option<&[(&str, &str)]>,
    ) -> AccountSnapshot {
        let mut snapshot = AccountSnapshot::new(Account {
            id: "123456789012".to_string(),
            name: "Production".to_string(),
            state: "ACTIVE".to_string(),
            email: None,
        });
        let tags = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(key, value)| (key.to_string(), value.to_string()))
                .collect()
        };
        let mut authorization = AccountAuthorization::default();
        authorization
            .user_tags
            .insert("ci-deploy".to_string(), tags(user_tags));
        snapshot.authorization = Observed::Known(authorization);
        snapshot.tags = account_tags.map(tags);
        snapshot
    }

    fn owners() -> Owners {
        Owners {
            user_tags: vec!["owner".to_string(), "team".to_string()],
            account_tags: vec!["owner".to_string()],
        }
    }

    #[test]
    fn the_first_user_tag_present_wins_over_later_ones_and_the_account() {
        let snapshot = snapshot(
            &[("team", "platform"), ("Owner", "carol")],
            Some(&[("owner", "payments")]),
        );
        assert_eq!(
            owners().owner_of(&snapshot, Some("ci-deploy")),
            Some("carol")
        );
        let snapshot = snapshot_with_team_only();
        assert_eq!(
            owners().owner_of(&snapshot, Some("ci-deploy")),
            Some("platform")
        );
    }

    fn snapshot_with_team_only() -> AccountSnapshot {
        snapshot(
            &[("team", "platform"), ("owner", " ")],
            Some(&[("owner", "payments")]),
        )
    }

    #[test]
    fn the_account_tag_answers_for_untagged_users_and_the_account_itself() {
        let snapshot = snapshot(&[], Some(&[("owner", "payments")]));
        assert_eq!(
            owners().owner_of(&snapshot, Some("ci-deploy")),
            Some("payments")
        );
        assert_eq!(
            owners().owner_of(&snapshot, Some("someone")),
            Some("payments")
        );
        assert_eq!(owners().owner_of(&snapshot, None), Some("payments"));
    }

    #[test]
    fn no_tag_and_no_settings_name_no_one() {
        let snapshot = snapshot(&[("owner", "carol")], None);
        assert_eq!(owners().owner_of(&snapshot, Some("bob")), None);
        assert_eq!(
            Owners::default().owner_of(&snapshot, Some("ci-deploy")),
            None
        );
    }
}
