//! What each user really uses: IAM's service last accessed report (GenerateServiceLastAccessedDetails
//! at `ACTION_LEVEL`, then GetServiceLastAccessedDetails), judged against what the user holds over
//! the run's window (`--usage-window-days`), with a least-privilege policy that allows only what
//! was used. The `access` crate makes the judgement; this is its plain output, kept small: a
//! thousand accounts' reports list every service each user may call, and only what was used (and
//! a count of the rest) is kept.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `--last-accessed`: whose service last accessed reports a run reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LastAccessed {
    /// Users with an active access key or a console password (the audit's default).
    Credentialed,
    /// Every user.
    All,
    /// None: the run does not read usage (and a run recorded without the option read none).
    #[default]
    Off,
}

impl LastAccessed {
    /// As `--last-accessed` spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            LastAccessed::Credentialed => "credentialed",
            LastAccessed::All => "all",
            LastAccessed::Off => "off",
        }
    }
}

/// Largest `--usage-window-days`: IAM's service last accessed data covers about 400 days.
pub const LONGEST_USAGE_WINDOW_DAYS: u32 = 400;

/// How many unused services a user's usage names (the rest are counted).
pub const UNUSED_SERVICES_NAMED: usize = 5;

/// What one user used, against what the user holds, over the run's window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserUsage {
    /// The window, in days (`--usage-window-days`).
    pub window_days: u32,
    /// Where the judgement's history starts: the window's start, or the user's creation when the
    /// user is younger than the window.
    pub tracked_since: DateTime<Utc>,
    /// Whether the report covers the whole window: the user existed before it began. "Nothing
    /// used in the window" means that only then.
    pub complete: bool,
    /// The latest use of any service in IAM's tracking period (400 days), `None` when none.
    pub last_activity: Option<DateTime<Utc>>,
    /// Service namespaces used within the window, sorted.
    pub services_used: Vec<String>,
    /// `service:Action` used within the window, for the services IAM tracks by action, sorted.
    pub actions_used: Vec<String>,
    /// What the identity-based policies grant against it; `None` when the account's
    /// authorization details (or one of the user's documents) could not be read.
    pub grants: Option<UsageGrants>,
}

/// The services a user's identity-based policies grant, against those used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageGrants {
    /// How many services the policies allow some action of (on some resource, after Denies and
    /// the permissions boundary).
    pub services_granted: u32,
    /// How many of them were not used within the window.
    pub services_unused: u32,
    /// The first unused ones, alphabetically (at most [`UNUSED_SERVICES_NAMED`]).
    pub first_unused: Vec<String>,
    /// An identity policy that allows only what was used, never more than the user holds today
    /// (checked by the access crate's evaluator); `None` when nothing was used or no policy
    /// could be proven within what the user holds.
    pub suggested_policy: Option<SuggestedPolicy>,
}

/// A suggested least-privilege policy document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestedPolicy {
    /// The document, as JSON text (pretty-printed, `Version` 2012-10-17).
    pub document: String,
    /// Services kept as the current policies grant them, IAM having no action-level data for them
    /// (the statements with `Sid` `KeptAsGrantedNoActionData`).
    pub kept_as_granted: Vec<String>,
}

impl UserUsage {
    /// How much of what the user holds it did not use, 0 (uses all) to 1 (uses nothing), on a
    /// logarithmic scale of the services used, so that one service of forty-eight and one of four
    /// hundred both read as nearly all unused, and forty of either as much less: `1 − ln(1 +
    /// used) / ln(1 + granted)`. `None` when the grants are unknown; 0 when nothing is granted.
    pub fn unused_share(&self) -> Option<f64> {
        let grants = self.grants.as_ref()?;
        let granted = f64::from(grants.services_granted);
        if grants.services_granted == 0 {
            return Some(0.0);
        }
        let used = f64::from(
            grants.services_granted - grants.services_unused.min(grants.services_granted),
        );
        Some((1.0 - (1.0 + used).ln() / (1.0 + granted).ln()).clamp(0.0, 1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage(granted: u32, unused: u32) -> UserUsage {
        UserUsage {
            window_days: 90,
            tracked_since: DateTime::<Utc>::default(),
            complete: true,
            last_activity: None,
            services_used: Vec::new(),
            actions_used: Vec::new(),
            grants: Some(UsageGrants {
                services_granted: granted,
                services_unused: unused,
                first_unused: Vec::new(),
                suggested_policy: None,
            }),
        }
    }

    #[test]
    fn one_service_of_many_is_nearly_all_unused_forty_much_less() {
        let one = usage(48, 47).unused_share().unwrap_or_default();
        let forty = usage(48, 8).unused_share().unwrap_or_default();
        let all = usage(48, 0).unused_share().unwrap_or_default();
        assert!(
            one > 0.8 && forty < 0.1 && all == 0.0,
            "{one} {forty} {all}"
        );
        let real = usage(400, 399).unused_share().unwrap_or_default();
        let real_forty = usage(400, 360).unused_share().unwrap_or_default();
        assert!(real > 0.85 && real_forty < 0.4, "{real} {real_forty}");
        assert_eq!(usage(0, 0).unused_share(), Some(0.0));
        let mut unknown = usage(1, 1);
        unknown.grants = None;
        assert_eq!(unknown.unused_share(), None);
    }

    #[test]
    fn the_mode_is_spelled_as_the_option() {
        assert_eq!(LastAccessed::Credentialed.as_str(), "credentialed");
        assert_eq!(LastAccessed::default(), LastAccessed::Off);
    }
}
