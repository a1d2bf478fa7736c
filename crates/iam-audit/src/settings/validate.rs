//! The checks of single values on the command line: account ids, IAM names, regions, external
//! ids, rates, profiles. Each failure is one line naming the flag, the value and the fix.

use std::collections::BTreeSet;
use std::ops::RangeInclusive;

use super::{InvalidInput, language, usage};

/// A 12-digit account id, or the fix.
pub fn account_id(text: &str, flag: &str) -> Result<String, InvalidInput> {
    let text = text.trim();
    if iam_audit_model::is_account_id(text) {
        Ok(text.to_string())
    } else {
        Err(usage(
            "usage-account-id",
            &[("flag", flag.to_string()), ("value", text.to_string())],
        ))
    }
}

/// Comma-separated account ids (empty entries ignored).
pub(super) fn account_ids(values: &[String], flag: &str) -> Result<BTreeSet<String>, InvalidInput> {
    values
        .iter()
        .filter(|value| !value.trim().is_empty())
        .map(|value| account_id(value, flag))
        .collect()
}

/// IAM's name characters: letters, digits and `+=,.@_-`, within `range` characters.
pub fn iam_name(
    text: &str,
    flag: &str,
    range: RangeInclusive<usize>,
) -> Result<String, InvalidInput> {
    let valid_characters = text
        .chars()
        .all(|character| character.is_ascii_alphanumeric() || "+=,.@_-".contains(character));
    if valid_characters && range.contains(&text.len()) {
        Ok(text.to_string())
    } else {
        Err(usage(
            "usage-iam-name",
            &[
                ("flag", flag.to_string()),
                ("value", text.to_string()),
                ("min", range.start().to_string()),
                ("max", range.end().to_string()),
            ],
        ))
    }
}

/// STS's external id: 2–1224 of letters, digits and `+=,.@:/_-`.
pub fn external_id(text: &str) -> Result<(), InvalidInput> {
    let valid = (2..=1224).contains(&text.len())
        && text
            .chars()
            .all(|character| character.is_ascii_alphanumeric() || "+=,.@:/_-".contains(character));
    if valid {
        Ok(())
    } else {
        Err(usage("usage-external-id", &[]))
    }
}

/// A region name's shape (lowercase letters, digits and dashes).
pub(super) fn region(text: &str) -> Result<(), InvalidInput> {
    // AWS's region names: letters-words-number (`us-east-1`, `us-gov-west-1`, `ap-southeast-7`).
    let parts: Vec<&str> = text.split('-').collect();
    let valid = parts.len() >= 3
        && parts[0].len() == 2
        && parts[..parts.len() - 1]
            .iter()
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase()))
        && parts
            .last()
            .is_some_and(|last| !last.is_empty() && last.chars().all(|c| c.is_ascii_digit()));
    if valid {
        Ok(())
    } else {
        Err(usage("usage-region", &[("value", text.to_string())]))
    }
}

/// A requests-per-second option: `None` keeps the default, 0 is unlimited.
pub(super) fn rate(
    value: Option<f64>,
    default: Option<f64>,
    flag: &str,
) -> Result<Option<f64>, InvalidInput> {
    match value {
        None => Ok(default),
        Some(rate) if rate.is_finite() && rate == 0.0 => Ok(None),
        Some(rate) if rate.is_finite() && rate > 0.0 && rate <= 100_000.0 => Ok(Some(rate)),
        Some(rate) => Err(usage(
            "usage-rate",
            &[("flag", flag.to_string()), ("value", rate.to_string())],
        )),
    }
}

/// Checks that a named profile exists in the AWS config or credentials file.
pub fn check_profile(profile: &str) -> Result<(), InvalidInput> {
    let (names, files) = crate::profiles::profile_names(|name| std::env::var(name).ok());
    if names.iter().any(|name| name == profile) {
        return Ok(());
    }
    let where_ = files
        .iter()
        .map(|path| path.display().to_string())
        .collect::<Vec<_>>()
        .join(" or ");
    let known = if names.is_empty() {
        iam_audit_i18n::text(language(), "usage-profiles-none", &[])
    } else {
        iam_audit_i18n::text(
            language(),
            "usage-profiles-known",
            &[("names", names.join(", "))],
        )
    };
    Err(usage(
        "usage-profile",
        &[
            ("profile", profile.to_string()),
            ("files", where_),
            ("known", known),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids_are_twelve_digits() {
        assert!(account_id("123456789012", "--accounts").is_ok());
        for bad in [
            "12345678901",
            "1234567890123",
            "12345678901a",
            "",
            "１２３４５６７８９０１２",
        ] {
            let error = account_id(bad, "--accounts").err().map(|error| error.0);
            assert!(
                error.is_some_and(|message| message.contains("12 digits")),
                "{bad}"
            );
        }
    }

    #[test]
    fn role_and_session_names_follow_iam() {
        assert!(iam_name("AWSControlTowerExecution", "--role", 1..=64).is_ok());
        assert!(iam_name("bad role", "--role", 1..=64).is_err());
        assert!(iam_name(&"r".repeat(65), "--role", 1..=64).is_err());
    }

    #[test]
    fn rates_keep_defaults_and_zero_means_unlimited() {
        assert_eq!(rate(None, Some(10.0), "--iam-rate").ok(), Some(Some(10.0)));
        assert_eq!(rate(Some(0.0), Some(10.0), "--iam-rate").ok(), Some(None));
        assert!(rate(Some(-1.0), None, "--iam-rate").is_err());
        assert!(rate(Some(f64::NAN), None, "--iam-rate").is_err());
    }
}
