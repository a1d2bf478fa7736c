//! A value that must never be printed: the Slack webhook URL (whoever has it can post to the
//! channel). It redacts itself in `Debug` and `Display`, and scrubs itself out of error texts
//! that a library might have built from it.

use std::fmt;

/// A secret string.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into().trim().to_string())
    }

    /// The value, for the one place that uses it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `text` with every occurrence of the secret (and of its path, the part that authorizes)
    /// replaced by `[webhook]`.
    pub fn scrub(&self, text: &str) -> String {
        let mut scrubbed = text.replace(&self.0, "[webhook]");
        if let Some((_, path)) = self
            .0
            .split_once("://")
            .and_then(|(_, rest)| rest.split_once('/'))
            && path.len() > 4
        {
            scrubbed = scrubbed.replace(path, "[webhook]");
        }
        scrubbed
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("Secret([webhook])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("[webhook]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_never_prints_itself() {
        let secret = Secret::new("https://hooks.slack.com/services/T0/B0/abcdef");
        assert_eq!(format!("{secret}"), "[webhook]");
        assert!(!format!("{secret:?}").contains("abcdef"));
        assert_eq!(
            secret.scrub("POST https://hooks.slack.com/services/T0/B0/abcdef failed"),
            "POST [webhook] failed"
        );
        assert_eq!(
            secret.scrub("path services/T0/B0/abcdef refused"),
            "path [webhook] refused"
        );
    }
}
