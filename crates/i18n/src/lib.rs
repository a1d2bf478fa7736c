//! **Invariant:** every word a person reads comes from here, in both languages; nothing else
//! builds a sentence.
//!
//! iam-audit's message catalogues: every console line, report word, HTML label, rule title and
//! remediation, in English and Spanish, as Project Fluent files (`locales/<lang>/iam-audit.ftl`)
//! that translators edit without touching code. CSV headers, JSON keys and rule ids are never
//! translated. A test fails when a message exists in one language and not the other.
//!
//! Fluent's Unicode isolation marks are off: the original tool's Spanish lines
//! (`Auditando cuenta: Production (123456789012)`) must come out byte for byte.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use unic_langid::LanguageIdentifier;

/// The English catalogue.
pub const ENGLISH_SOURCE: &str = include_str!("../locales/en/iam-audit.ftl");
/// The Spanish catalogue.
pub const SPANISH_SOURCE: &str = include_str!("../locales/es/iam-audit.ftl");

/// The language of console lines, report words and labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// The original tool's language.
    Spanish,
    /// English.
    English,
}

impl Language {
    /// `es` or `en` (and their names).
    pub fn parse(text: &str) -> Option<Language> {
        match text.to_ascii_lowercase().as_str() {
            "es" | "spanish" | "español" => Some(Language::Spanish),
            "en" | "english" => Some(Language::English),
            _ => None,
        }
    }

    /// From `LC_ALL`, `LC_MESSAGES`, `LANG` (the first that is set and not empty, as POSIX
    /// orders them): a Spanish locale gives Spanish, anything else English.
    pub fn from_locale(lookup: impl Fn(&str) -> Option<String>) -> Language {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(&lookup)
            .find(|value| !value.is_empty())
            .unwrap_or_default();
        if locale.to_ascii_lowercase().starts_with("es") {
            Language::Spanish
        } else {
            Language::English
        }
    }

    /// `es` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Spanish => "es",
            Language::English => "en",
        }
    }

    fn source(self) -> &'static str {
        match self {
            Language::Spanish => SPANISH_SOURCE,
            Language::English => ENGLISH_SOURCE,
        }
    }
}

type Bundle = FluentBundle<FluentResource>;

fn bundle(language: Language) -> &'static Bundle {
    static ENGLISH: OnceLock<Bundle> = OnceLock::new();
    static SPANISH: OnceLock<Bundle> = OnceLock::new();
    let cell = match language {
        Language::English => &ENGLISH,
        Language::Spanish => &SPANISH,
    };
    cell.get_or_init(|| {
        // The catalogues are compiled in and checked by tests; a syntax error keeps the entries
        // that did parse rather than stopping the tool.
        let resource = FluentResource::try_new(language.source().to_string())
            .unwrap_or_else(|(partial, _errors)| partial);
        let identifier: LanguageIdentifier = language.code().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![identifier]);
        bundle.set_use_isolating(false);
        let _ = bundle.add_resource(resource);
        bundle
    })
}

/// Message `id` in `language`, with named arguments. A message missing from the catalogue comes
/// out as `⟦id⟧` (and the catalogue tests fail).
pub fn text(language: Language, id: &str, arguments: &[(&str, String)]) -> String {
    let bundle = bundle(language);
    let Some(pattern) = bundle.get_message(id).and_then(|message| message.value()) else {
        return format!("⟦{id}⟧");
    };
    let mut fluent_arguments = FluentArgs::new();
    for (name, value) in arguments {
        // A count is a number, so that plural selectors (`[one]`, `*[other]`) choose by it;
        // anything else (an account id, a zero-padded id, a name) stays text, as written.
        match count(value) {
            Some(number) => fluent_arguments.set(*name, number),
            None => fluent_arguments.set(*name, value.clone()),
        }
    }
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, Some(&fluent_arguments), &mut errors)
        .into_owned()
}

/// A count: digits without a leading zero, short of an account id's twelve.
fn count(text: &str) -> Option<u64> {
    let plain = !text.is_empty()
        && text.len() <= 9
        && text.bytes().all(|byte| byte.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    plain.then(|| text.parse().ok()).flatten()
}

/// The ids a catalogue defines (`id = ...` at the start of a line).
pub fn message_ids(source: &str) -> Vec<String> {
    let mut ids: Vec<String> = source
        .lines()
        .filter_map(|line| {
            let (id, _) = line.split_once(" =")?;
            let valid = id
                .chars()
                .next()
                .is_some_and(|first| first.is_ascii_lowercase())
                && id
                    .chars()
                    .all(|character| character.is_ascii_alphanumeric() || character == '-');
            valid.then(|| id.to_string())
        })
        .collect();
    ids.sort();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_messages() {
        let english = message_ids(ENGLISH_SOURCE);
        let spanish = message_ids(SPANISH_SOURCE);
        assert!(english.len() > 100, "{}", english.len());
        let only_english: Vec<&String> =
            english.iter().filter(|id| !spanish.contains(id)).collect();
        let only_spanish: Vec<&String> =
            spanish.iter().filter(|id| !english.contains(id)).collect();
        assert!(
            only_english.is_empty() && only_spanish.is_empty(),
            "only in en: {only_english:?}; only in es: {only_spanish:?}"
        );
    }

    #[test]
    fn both_catalogues_parse_without_errors() {
        for source in [ENGLISH_SOURCE, SPANISH_SOURCE] {
            let parsed = FluentResource::try_new(source.to_string());
            assert!(
                parsed.is_ok(),
                "{:?}",
                parsed.err().map(|(_, errors)| errors)
            );
        }
    }

    /// Every `$name` a catalogue uses.
    fn argument_names(source: &str) -> Vec<String> {
        let mut names: Vec<String> = source
            .match_indices('$')
            .map(|(index, _)| {
                source[index + 1..]
                    .chars()
                    .take_while(|character| character.is_ascii_alphanumeric() || *character == '_')
                    .collect::<String>()
            })
            .filter(|name| !name.is_empty())
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// A message's source text, continuation lines included.
    fn message_source<'a>(source: &'a str, id: &str) -> &'a str {
        let start = source
            .find(&format!("\n{id} ="))
            .map_or(0, |index| index + 1);
        let rest = &source[start..];
        let end = rest[1..]
            .find('\n')
            .map(|first_newline| {
                let mut end = first_newline + 1;
                for line in rest[first_newline + 2..].split_inclusive('\n') {
                    if line.starts_with(' ') || line.starts_with('\t') {
                        end += line.len();
                    } else {
                        break;
                    }
                }
                end + 1
            })
            .unwrap_or(rest.len());
        &rest[..end.min(rest.len())]
    }

    #[test]
    fn every_message_formats_in_both_languages() {
        for language in [Language::English, Language::Spanish] {
            let arguments: Vec<(String, String)> = argument_names(language.source())
                .into_iter()
                .map(|name| {
                    let value = format!("<{name}>");
                    (name, value)
                })
                .collect();
            let arguments: Vec<(&str, String)> = arguments
                .iter()
                .map(|(name, value)| (name.as_str(), value.clone()))
                .collect();
            for id in message_ids(language.source()) {
                let formatted = text(language, &id, &arguments);
                assert!(
                    !formatted.contains('⟦') && !formatted.trim().is_empty(),
                    "{id} in {language:?}"
                );
                assert!(
                    !formatted.contains("{$") && !formatted.contains("{ $"),
                    "{id}: unfilled argument"
                );
            }
        }
    }

    /// A count followed by a plural noun (`{ $new } nuevos`, `{ $failures } reads`) must choose
    /// its words with a plural selector on that count, so that "1 nuevos" cannot be written.
    #[test]
    fn counts_choose_their_plural_from_the_catalogue() {
        // The arguments that are counts: those any message selects a plural by, and the names
        // the code passes counts as.
        let mut counts: Vec<String> = [ENGLISH_SOURCE, SPANISH_SOURCE]
            .iter()
            .flat_map(|source| {
                source.match_indices("{ $").filter_map(|(index, _)| {
                    let rest = &source[index + 3..];
                    let name: String = rest
                        .chars()
                        .take_while(|character| {
                            character.is_ascii_alphanumeric() || *character == '_'
                        })
                        .collect();
                    rest[name.len()..].starts_with(" ->").then_some(name)
                })
            })
            .collect();
        counts.extend(
            [
                "count",
                "new",
                "critical",
                "high",
                "resolved",
                "unknown",
                "changed",
                "open",
                "changes",
                "failures",
                "suppressed",
                "checks",
                "passed",
                "warnings",
                "failed",
                "keys",
                "errors",
                "users",
                "events",
            ]
            .map(str::to_string),
        );
        for language in [Language::English, Language::Spanish] {
            let source = language.source();
            for id in message_ids(source) {
                let message = message_source(source, &id);
                for (index, _) in message.match_indices("{ $") {
                    let rest = &message[index + 3..];
                    let name: String = rest
                        .chars()
                        .take_while(|character| {
                            character.is_ascii_alphanumeric() || *character == '_'
                        })
                        .collect();
                    let Some(after) = rest[name.len()..].strip_prefix(" }") else {
                        continue;
                    };
                    let next_word: String = after
                        .trim_start_matches(' ')
                        .chars()
                        .take_while(|character| character.is_alphabetic())
                        .collect();
                    // A verb after a name (`{ $role } has`) is no plural, nor a word ending in
                    // "ss" (`{ $pass } pass`: a status, as `fail` is).
                    let plural_noun = after.starts_with(' ')
                        && counts.contains(&name)
                        && next_word.len() > 2
                        && next_word.ends_with('s')
                        && !next_word.ends_with("ss")
                        && next_word.chars().all(char::is_lowercase);
                    if plural_noun {
                        assert!(
                            message.contains(&format!("{{ ${name} ->")),
                            "{id} ({language:?}): `{{ ${name} }} {next_word}` needs a plural selector on ${name}"
                        );
                    }
                }
            }
        }
    }

    /// With one and with two, the words around a count differ: the selectors work, because a
    /// count is passed as a number.
    #[test]
    fn one_and_two_read_differently() {
        let one = text(
            Language::Spanish,
            "since-line",
            &[
                ("date", "2026-11-23".to_string()),
                ("new", "1".to_string()),
                ("critical", "0".to_string()),
                ("resolved", "1".to_string()),
            ],
        );
        assert_eq!(one, "desde el 2026-11-23: 1 nuevo (0 críticos), 1 resuelto");
        let many = text(
            Language::Spanish,
            "diff-counts",
            &[("open", "2".to_string()), ("changes", "1".to_string())],
        );
        assert_eq!(
            many,
            "2 siguen abiertos, 1 cambio en credenciales y cuentas"
        );
        // An account id stays text: no grouping, no lost leading zero.
        let account = text(
            Language::English,
            "usage-account-id",
            &[
                ("flag", "--accounts".to_string()),
                ("value", "012345678901".to_string()),
            ],
        );
        assert!(account.contains("`012345678901`"), "{account}");
    }

    #[test]
    fn the_seeds_lines_come_out_byte_for_byte() {
        let line = text(
            Language::Spanish,
            "auditing-account",
            &[
                ("name", "Production".to_string()),
                ("id", "123456789012".to_string()),
            ],
        );
        assert_eq!(line, "Auditando cuenta: Production (123456789012)");
        assert_eq!(
            text(
                Language::Spanish,
                "total-keys",
                &[("count", "47".to_string())]
            ),
            "Total de Access Keys encontradas: 47"
        );
        assert_eq!(
            text(Language::English, "no-such-message", &[]),
            "⟦no-such-message⟧"
        );
    }
}
