//! Error texts for people: one line, each cause said once, never a `Debug` dump.

/// An error and its sources as one line of their `Display` texts (`a: b: c`), each said once.
/// Unlike the SDK's `DisplayErrorContext`, it appends no `Debug` dump.
pub fn chain_text(error: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current = Some(error);
    while let Some(candidate) = current {
        let text = candidate.to_string();
        if !text.is_empty() && !parts.iter().any(|part| part.contains(text.as_str())) {
            parts.push(text);
        }
        current = candidate.source();
    }
    one_line(&parts.join(": "))
}

/// Collapses a message to one line of at most 400 characters.
pub fn one_line(text: &str) -> String {
    let collapsed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() > 400 {
        let mut cut: String = collapsed.chars().take(399).collect();
        cut.push('…');
        cut
    } else {
        collapsed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_one_short_line() {
        assert_eq!(one_line("a\n  b\tc"), "a b c");
        assert_eq!(one_line(&"x".repeat(1000)).chars().count(), 400);
    }
}
