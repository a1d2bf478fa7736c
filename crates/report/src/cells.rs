//! Makes outside text safe to put where it could be interpreted: spreadsheet cells and terminals.
//!
//! IAM user names may contain `+=,.@-`, so `=1+2` and `@SUM(A1)` are valid user names, and
//! CloudTrail fields carry attacker-controlled text. A spreadsheet would run them as formulas.

use std::borrow::Cow;

/// Neutralises a CSV cell that a spreadsheet would read as a formula: a cell starting with `=`,
/// `+`, `-`, `@`, tab or carriage return gets a leading single quote (OWASP's advice).
pub fn spreadsheet_safe(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// Removes control characters (escape sequences, bells, carriage returns) before text reaches a
/// terminal.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if text.chars().any(char::is_control) {
        Cow::Owned(
            text.chars()
                .filter(|character| !character.is_control())
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        for hostile in ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(spreadsheet_safe(hostile), format!("'{hostile}"));
        }
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        for plain in ["alice", "2026-01-01T00:00:00Z", "12", "", "a=b"] {
            assert_eq!(spreadsheet_safe(plain), plain);
        }
    }

    #[test]
    fn terminal_text_loses_control_characters() {
        assert_eq!(terminal_safe("Prod\u{1b}[31mred\u{7}"), "Prod[31mred");
        assert_eq!(terminal_safe("Producción-Ñandú"), "Producción-Ñandú");
    }
}
