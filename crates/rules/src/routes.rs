//! Per-team routes (`[[routes]]`): which findings go to which channel. A route selects findings
//! by the account's OU path (a `*` glob), the owner, a list of accounts and a minimum severity
//! (every selector given must match), and names where its digest goes. Matching is pure and
//! lives here; sending is `iam-audit-deliver`'s. Webhook URLs are never written in the file: a
//! Slack target names a Secrets Manager secret or an environment variable.
//!
//! ```toml
//! [[routes]]
//! ou = "Root/Production/*"
//! severity = "high"
//! notify = ["slack:arn:aws:secretsmanager:us-east-1:111111111111:secret:payments-hook"]
//!
//! [[routes]]
//! owner = "alice.admin"
//! notify = ["sns:arn:aws:sns:us-east-1:111111111111:alice", "slack:env:ALICE_WEBHOOK"]
//! notify_empty = true
//! ```

use serde::Deserialize;

use crate::{Finding, Severity};

/// Where a route's digest goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteTarget {
    /// Slack, the webhook URL read from this Secrets Manager secret (ARN) at delivery.
    SlackSecret(String),
    /// Slack, the webhook URL read from this environment variable.
    SlackEnvironment(String),
    /// An SNS topic (ARN).
    Sns(String),
}

impl RouteTarget {
    /// Parses `slack:<secret ARN>`, `slack:env:<VARIABLE>` or `sns:<topic ARN>`.
    pub fn parse(text: &str) -> Result<RouteTarget, String> {
        if let Some(rest) = text.strip_prefix("slack:") {
            if let Some(variable) = rest.strip_prefix("env:") {
                let valid = !variable.is_empty()
                    && variable
                        .bytes()
                        .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_');
                return valid
                    .then(|| RouteTarget::SlackEnvironment(variable.to_string()))
                    .ok_or_else(|| format!("`slack:env:{variable}` is not a variable name"));
            }
            if is_arn(rest, "secretsmanager") {
                return Ok(RouteTarget::SlackSecret(rest.to_string()));
            }
            return Err(
                "a Slack target is `slack:<Secrets Manager secret ARN>` or `slack:env:<VARIABLE>`: webhook URLs are never written in the configuration"
                    .to_string(),
            );
        }
        if let Some(topic) = text.strip_prefix("sns:") {
            if is_arn(topic, "sns") {
                return Ok(RouteTarget::Sns(topic.to_string()));
            }
            return Err(format!("`{topic}` is not an SNS topic ARN"));
        }
        Err(
            "a target is `slack:<secret ARN>`, `slack:env:<VARIABLE>` or `sns:<topic ARN>`"
                .to_string(),
        )
    }

    /// The target as the run's record names it (never a URL).
    pub fn label(&self) -> String {
        match self {
            RouteTarget::SlackSecret(arn) => format!("slack:{arn}"),
            RouteTarget::SlackEnvironment(variable) => format!("slack:env:{variable}"),
            RouteTarget::Sns(topic) => format!("sns:{topic}"),
        }
    }
}

/// Whether `text` is an ARN of `service` (`arn:<partition>:<service>:…`).
fn is_arn(text: &str, service: &str) -> bool {
    let mut parts = text.splitn(6, ':');
    parts.next() == Some("arn")
        && parts.next().is_some_and(|partition| !partition.is_empty())
        && parts.next() == Some(service)
        && parts.count() == 3
}

/// One validated `[[routes]]` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// A `*` glob over the account's OU path (`Root/Production/*`).
    pub ou: Option<String>,
    /// The owner (compared without regard to case; `*` globs allowed).
    pub owner: Option<String>,
    /// Only these accounts (empty: any).
    pub accounts: Vec<String>,
    /// Only findings at or above this severity.
    pub severity: Option<Severity>,
    /// Where its digest goes.
    pub notify: Vec<RouteTarget>,
    /// Send a digest even when no finding matches.
    pub notify_empty: bool,
    /// Its line in the configuration file, to name it.
    pub line: usize,
}

impl Route {
    /// Whether `finding` (unsuppressed) is this route's: every selector given matches.
    pub fn matches(&self, finding: &Finding) -> bool {
        !finding.is_suppressed()
            && self
                .severity
                .is_none_or(|minimum| finding.severity >= minimum)
            && (self.accounts.is_empty() || self.accounts.contains(&finding.account_id))
            && self.ou.as_deref().is_none_or(|pattern| {
                finding
                    .ou_path
                    .as_deref()
                    .is_some_and(|path| glob(pattern, path))
            })
            && self.owner.as_deref().is_none_or(|pattern| {
                finding.owner.as_deref().is_some_and(|owner| {
                    glob(&pattern.to_ascii_lowercase(), &owner.to_ascii_lowercase())
                })
            })
    }

    /// A name for messages: `route on line N`.
    pub fn name(&self) -> String {
        format!("route (line {})", self.line)
    }
}

/// A `[[routes]]` entry as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRoute {
    pub ou: Option<String>,
    pub owner: Option<String>,
    #[serde(default)]
    pub account: Vec<String>,
    pub severity: Option<String>,
    #[serde(default)]
    pub notify: Vec<String>,
    #[serde(default)]
    pub notify_empty: bool,
}

impl RawRoute {
    /// Validates the entry; the error says what is wrong (the caller adds the line).
    pub(crate) fn validate(self, line: usize) -> Result<Route, String> {
        if self.notify.is_empty() {
            return Err("routes: `notify` names no target".to_string());
        }
        let notify = self
            .notify
            .iter()
            .map(|target| {
                RouteTarget::parse(target).map_err(|error| format!("routes.notify: {error}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(account) = self.account.iter().find(|account| {
            account.len() != 12 || !account.bytes().all(|byte| byte.is_ascii_digit())
        }) {
            return Err(format!(
                "routes.account: `{account}` is not a 12-digit account id"
            ));
        }
        let severity = self
            .severity
            .map(|level| {
                Severity::parse(&level).ok_or_else(|| {
                    format!("routes.severity: `{level}` is not critical, high, medium, low or info")
                })
            })
            .transpose()?;
        for (name, value) in [("ou", &self.ou), ("owner", &self.owner)] {
            if value
                .as_deref()
                .is_some_and(|value| value.trim().is_empty())
            {
                return Err(format!("routes.{name} is empty"));
            }
        }
        Ok(Route {
            ou: self.ou,
            owner: self.owner,
            accounts: self.account,
            severity,
            notify,
            notify_empty: self.notify_empty,
            line,
        })
    }
}

/// Whether `text` matches `pattern`, where `*` stands for any run of characters (`/` included)
/// and everything else for itself.
pub fn glob(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    // The classic two-pointer match with one backtrack point (the last `*`).
    let (mut at_pattern, mut at_text) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while at_text < text.len() {
        if at_pattern < pattern.len() && pattern[at_pattern] == '*' {
            star = Some((at_pattern, at_text));
            at_pattern += 1;
        } else if at_pattern < pattern.len() && pattern[at_pattern] == text[at_text] {
            at_pattern += 1;
            at_text += 1;
        } else if let Some((star_pattern, star_text)) = star {
            at_pattern = star_pattern + 1;
            at_text = star_text + 1;
            star = Some((star_pattern, star_text + 1));
        } else {
            return false;
        }
    }
    pattern[at_pattern..]
        .iter()
        .all(|character| *character == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_star_matches_any_run_of_characters() {
        assert!(glob("Root/Production/*", "Root/Production/Cards"));
        assert!(glob("Root/Production/*", "Root/Production/Cards/Team"));
        assert!(!glob("Root/Production/*", "Root/Production"));
        assert!(glob("Root/Production*", "Root/Production"));
        assert!(glob("*/Cards", "Root/Production/Cards"));
        assert!(glob("Root/*/Cards", "Root/Production/Cards"));
        assert!(!glob("Root/*/Cards", "Root/Production/Cardsx"));
        assert!(glob("Root", "Root"));
        assert!(!glob("Root", "Root/Development"));
        assert!(glob("*", ""));
    }

    #[test]
    fn targets_never_hold_a_webhook_url() {
        assert!(RouteTarget::parse("slack:https://hooks.slack.com/services/T/B/x").is_err());
        assert_eq!(
            RouteTarget::parse("slack:arn:aws:secretsmanager:us-east-1:111111111111:secret:hook"),
            Ok(RouteTarget::SlackSecret(
                "arn:aws:secretsmanager:us-east-1:111111111111:secret:hook".to_string()
            ))
        );
        assert_eq!(
            RouteTarget::parse("slack:env:TEAM_HOOK"),
            Ok(RouteTarget::SlackEnvironment("TEAM_HOOK".to_string()))
        );
        assert!(RouteTarget::parse("sns:arn:aws:sns:us-east-1:111111111111:alerts").is_ok());
        assert!(RouteTarget::parse("sns:alerts").is_err());
        assert!(RouteTarget::parse("email:x@example.com").is_err());
    }
}
