//! SUP001: a suppression in the configuration has expired. Evaluated where suppressions are
//! applied (`suppression.rs`); this file holds its metadata and documentation.

use super::{Rule, no_account_check};
use crate::finding::{ResourceType, Severity, Text};

/// The rule.
pub static RULE: Rule = Rule {
    id: "SUP001",
    name: "suppression-expired",
    severity: Severity::Low,
    resource_type: ResourceType::AwsAccount,
    title: Text("rule-sup001-title"),
    remediation: Text("rule-sup001-remediation"),
    references: &[],
    settings: &[],
    sources: &[],
    documentation: "\
## What it does
Reports every suppression of the `--config` file whose `expires` date has passed. An expired
suppression suppresses nothing: the findings it covered are reported again.

## Why it matters
Accepted risks are accepted for a time; a suppression nobody reviews becomes a permanent blind spot.

## Example
`rule = \"KEY001\", user = \"terraform\", expires = \"2026-03-31\"` on 2026-04-01.

## How to fix
Edit the configuration line the finding names: renew `expires` with a new `reason`, or remove the
entry.

## References
None: this is iam-audit's own configuration control.
",
    check: no_account_check,
};
