//! `iam-audit rules` and `iam-audit explain RULE`: the rule catalogue and each rule's documentation,
//! taken from the rules themselves so they cannot drift.

use iam_audit_rules::{RULES, Rule, rule, severity_range};

/// `medium`, or `medium-critical` for a rule whose findings rise with what they find.
fn severities(rule: &Rule) -> String {
    match severity_range(rule) {
        (lowest, highest) if lowest == highest => lowest.as_str().to_string(),
        (lowest, highest) => format!("{}-{}", lowest.as_str(), highest.as_str()),
    }
}

use crate::console;
use crate::exit;

/// Prints every rule: id, severity, name, title, references.
pub fn list() -> anyhow::Result<u8> {
    console::out(format_args!(
        "{:<8} {:<15} {:<32} TITLE / REFERENCES",
        "ID", "SEVERITY", "NAME"
    ));
    for rule in RULES {
        console::out(format_args!(
            "{:<8} {:<15} {:<32} {}",
            rule.id,
            severities(rule),
            rule.name,
            rule.title.get(crate::settings::language().code())
        ));
        if !rule.references.is_empty() {
            let references: Vec<String> = rule.references.iter().map(ToString::to_string).collect();
            console::out(format_args!("{:<57}{}", "", references.join("; ")));
        }
    }
    Ok(exit::COMPLETE)
}

/// Prints one rule's documentation.
pub fn explain(id: &str) -> anyhow::Result<u8> {
    let Some(rule) = rule(id) else {
        let known: Vec<&str> = RULES.iter().map(|rule| rule.id).collect();
        return Err(crate::settings::usage(
            "usage-unknown-rule",
            &[("rule", id.to_string()), ("known", known.join(", "))],
        )
        .into());
    };
    console::out(format_args!(
        "# {} {} — {}",
        rule.id,
        rule.name,
        rule.title.get(crate::settings::language().code())
    ));
    console::out("");
    console::out(format_args!("Severity: {}", severities(rule)));
    console::out("");
    console::out_bytes(rule.documentation.as_bytes());
    Ok(exit::COMPLETE)
}
