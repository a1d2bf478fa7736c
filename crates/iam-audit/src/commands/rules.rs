//! `iam-audit rules` and `iam-audit explain RULE`: the rule catalogue and each rule's documentation,
//! taken from the rules themselves so they cannot drift.

use iam_audit_rules::{RULES, rule};

use crate::exit;

/// Prints every rule: id, severity, name, title, references.
pub fn list() -> anyhow::Result<u8> {
    println!(
        "{:<8} {:<9} {:<32} TITLE / REFERENCES",
        "ID", "SEVERITY", "NAME"
    );
    for rule in RULES {
        println!(
            "{:<8} {:<9} {:<32} {}",
            rule.id,
            rule.severity.as_str(),
            rule.name,
            rule.title.get(crate::settings::language().code())
        );
        if !rule.references.is_empty() {
            let references: Vec<String> = rule.references.iter().map(ToString::to_string).collect();
            println!("{:<51}{}", "", references.join("; "));
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
    println!(
        "# {} {} — {}",
        rule.id,
        rule.name,
        rule.title.get(crate::settings::language().code())
    );
    println!();
    println!("Severity: {}", rule.severity.as_str());
    println!();
    print!("{}", rule.documentation);
    Ok(exit::COMPLETE)
}
