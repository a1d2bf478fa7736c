//! The one line printed when a run cannot start: what went wrong, in words a person can act on,
//! and what to do. Never the SDK's `Debug` text.

use iam_audit_collect::{CollectError, FatalCause};

use crate::settings::{AuditSettings, language};

/// The line for a fatal collection error.
pub fn line(error: &CollectError, settings: &AuditSettings) -> String {
    let language = language();
    let text =
        |id: &str, arguments: &[(&str, String)]| iam_audit_i18n::text(language, id, arguments);
    let profile = settings
        .connect
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
        FatalCause::HostNotFound if endpoint_override(settings).is_none() => (
            text(
                "fatal-region-not-found",
                &[("region", settings.connect.region.clone())],
            ),
            text("fatal-advice-region", &[]),
        ),
        FatalCause::HostNotFound | FatalCause::Unreachable | FatalCause::Timeout => (
            error.to_string(),
            text(
                "fatal-advice-unreachable",
                &[(
                    "endpoint",
                    endpoint_override(settings).unwrap_or_else(|| "AWS".to_string()),
                )],
            ),
        ),
        FatalCause::Other => (error.to_string(), text("fatal-advice-other", &[])),
    };
    text("fatal-line", &[("error", what), ("advice", advice)])
}

/// The endpoint the run was pointed at instead of AWS, if any.
fn endpoint_override(settings: &AuditSettings) -> Option<String> {
    settings.connect.endpoint_url.clone().or_else(|| {
        ["AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL"]
            .into_iter()
            .find_map(|name| std::env::var(name).ok().filter(|value| !value.is_empty()))
    })
}
