//! The one line printed when a run cannot start: what went wrong, in words a person can act on,
//! and what to do. Never the SDK's `Debug` text.

use iam_audit_collect::{CollectError, FatalCause};
use iam_audit_report::Language;

use crate::settings::{AuditSettings, language};

/// What the line may name besides the error.
pub struct Situation {
    /// `--profile`, when given.
    pub profile: Option<String>,
    /// `--region`.
    pub region: String,
    /// The endpoint the run was pointed at instead of AWS, if any.
    pub endpoint: Option<String>,
}

impl Situation {
    /// The run's situation: its profile, region and endpoint override.
    pub fn of(settings: &AuditSettings) -> Situation {
        Situation {
            profile: settings.connect.profile.clone(),
            region: settings.connect.region.clone(),
            endpoint: settings.connect.endpoint_url.clone().or_else(|| {
                ["AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL"]
                    .into_iter()
                    .find_map(|name| std::env::var(name).ok().filter(|value| !value.is_empty()))
            }),
        }
    }
}

/// The line for a fatal collection error, in the run's language.
pub fn line(error: &CollectError, situation: &Situation) -> String {
    line_in(language(), error, situation)
}

fn line_in(language: Language, error: &CollectError, situation: &Situation) -> String {
    let text =
        |id: &str, arguments: &[(&str, String)]| iam_audit_i18n::text(language, id, arguments);
    let profile = situation
        .profile
        .clone()
        .unwrap_or_else(|| "NAME".to_string());
    let (what, advice) = match error.cause() {
        FatalCause::NoCredentials => (
            text("fatal-no-credentials", &[]),
            text("fatal-advice-no-credentials", &[]),
        ),
        FatalCause::SsoSessionExpired => (
            text("fatal-sso-expired", &[("profile", profile.clone())]),
            text("fatal-advice-sso-expired", &[("profile", profile)]),
        ),
        FatalCause::CredentialsRejected => (
            error.to_string(),
            text("fatal-advice-credentials", &[("profile", profile)]),
        ),
        FatalCause::AccessDenied => (error.to_string(), text("fatal-advice-access-denied", &[])),
        FatalCause::HostNotFound if situation.endpoint.is_none() => (
            text(
                "fatal-region-not-found",
                &[("region", situation.region.clone())],
            ),
            text("fatal-advice-region", &[]),
        ),
        FatalCause::HostNotFound | FatalCause::Unreachable | FatalCause::Timeout => (
            error.to_string(),
            text(
                "fatal-advice-unreachable",
                &[(
                    "endpoint",
                    situation
                        .endpoint
                        .clone()
                        .unwrap_or_else(|| "AWS".to_string()),
                )],
            ),
        ),
        FatalCause::Other => (error.to_string(), text("fatal-advice-other", &[])),
    };
    text("fatal-line", &[("error", what), ("advice", advice)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn situation() -> Situation {
        Situation {
            profile: Some("mgmt".to_string()),
            region: "us-east-1".to_string(),
            endpoint: None,
        }
    }

    /// Regression: an error of no known class got the credentials advice ("sign in ...").
    #[test]
    fn an_unclassified_failure_does_not_get_credentials_advice() {
        let error = CollectError::ListAccounts {
            cause: FatalCause::Other,
            message: "ServiceException: something odd".to_string(),
        };
        let line = line_in(Language::English, &error, &situation());
        assert!(line.contains("ServiceException: something odd"), "{line}");
        assert!(line.contains("run again later"), "{line}");
        assert!(
            !line.contains("sso login") && !line.contains("--profile"),
            "{line}"
        );
    }

    #[test]
    fn each_cause_names_its_own_fix() {
        let cases = [
            (FatalCause::NoCredentials, "no AWS credentials were found"),
            (
                FatalCause::SsoSessionExpired,
                "aws sso login --profile mgmt",
            ),
            (
                FatalCause::CredentialsRejected,
                "AWS rejected the credentials",
            ),
            (
                FatalCause::AccessDenied,
                "organizations:ListAccounts allowed",
            ),
            (FatalCause::HostNotFound, "check --region"),
            (FatalCause::Unreachable, "AWS_ENDPOINT_URL"),
        ];
        for (cause, expected) in cases {
            let error = CollectError::CallerIdentity {
                cause,
                message: "m".to_string(),
            };
            let line = line_in(Language::English, &error, &situation());
            assert!(line.contains(expected), "{cause:?}: {line}");
            assert_eq!(line.lines().count(), 1);
        }
    }
}
