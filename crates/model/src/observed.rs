//! A value that was either read from AWS or could not be read.
//!
//! Exists so that "we could not read the MFA devices" can never be confused with "the user has no
//! MFA device". Every field fed by a call that can fail on its own is an `Observed`.

use serde::{Deserialize, Serialize};

/// The outcome of reading one value from AWS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Observed<T> {
    /// The value as AWS returned it.
    Known(T),
    /// The call failed; the failure is recorded in the account's errors.
    Unknown,
}

impl<T> Observed<T> {
    /// `Unknown`: the default of a field an older snapshot does not have (nothing was read).
    pub fn unknown() -> Observed<T> {
        Observed::Unknown
    }

    /// The value, when it was read.
    pub fn known(&self) -> Option<&T> {
        match self {
            Observed::Known(value) => Some(value),
            Observed::Unknown => None,
        }
    }

    /// True when the value could not be read.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Observed::Unknown)
    }

    /// Applies `function` to a known value, keeping `Unknown` as it is.
    pub fn map<U>(self, function: impl FnOnce(T) -> U) -> Observed<U> {
        match self {
            Observed::Known(value) => Observed::Known(function(value)),
            Observed::Unknown => Observed::Unknown,
        }
    }
}

impl<T> From<Option<T>> for Observed<T> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Observed::Unknown, Observed::Known)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_is_not_an_empty_value() {
        let unread: Observed<Vec<u8>> = Observed::Unknown;
        assert!(unread.known().is_none());
        assert!(unread.is_unknown());
        let empty: Observed<Vec<u8>> = Observed::Known(Vec::new());
        assert_eq!(empty.known(), Some(&Vec::new()));
    }

    #[test]
    fn serializes_with_explicit_tags() {
        let json = serde_json::to_string(&Observed::Known(3)).unwrap_or_default();
        assert_eq!(json, r#"{"known":3}"#);
        let json = serde_json::to_string(&Observed::<u8>::Unknown).unwrap_or_default();
        assert_eq!(json, r#""unknown""#);
    }
}
