//! How every report writes a moment and checks an account id, defined once.

use chrono::{DateTime, SecondsFormat, Utc};

/// RFC 3339 in UTC, seconds precision: `2026-03-05T15:30:22Z`.
pub fn rfc3339(moment: DateTime<Utc>) -> String {
    moment.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Whole days from `then` to `now`, never negative.
pub fn days_between(then: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (now - then).num_days().max(0)
}

/// Whether `text` is an AWS account id: exactly twelve ASCII digits.
pub fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|byte| byte.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids_are_twelve_ascii_digits() {
        assert!(is_account_id("123456789012"));
        assert!(!is_account_id("12345678901"));
        assert!(!is_account_id("12345678901a"));
        assert!(!is_account_id("１２３４５６７８９０１２"));
    }

    #[test]
    fn moments_are_utc_seconds() {
        let moment = DateTime::from_timestamp(1_772_724_622, 999).unwrap_or_default();
        assert_eq!(rfc3339(moment), "2026-03-05T15:30:22Z");
        assert_eq!(days_between(moment, moment - chrono::Duration::days(3)), 0);
    }
}
