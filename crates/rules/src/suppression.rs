//! Applies the configuration's suppressions: a matching finding keeps its place in every report,
//! marked suppressed with the reason; an expired suppression suppresses nothing and becomes a
//! finding of its own (SUP001).

use chrono::{DateTime, Utc};

use crate::config::Suppression;
use crate::finding::{AppliedSuppression, Evidence, Finding, Remediation, ResourceType};
use crate::rules::suppression_expired::RULE;

/// Marks suppressed findings; returns the findings for expired suppressions.
pub fn apply(
    findings: &mut [Finding],
    suppressions: &[Suppression],
    now: DateTime<Utc>,
) -> Vec<Finding> {
    let today = now.date_naive();
    let mut expired = Vec::new();
    for suppression in suppressions {
        if suppression.expires.is_some_and(|last_day| last_day < today) {
            expired.push(expired_finding(suppression));
            continue;
        }
        for finding in findings.iter_mut() {
            if finding.suppression.is_none() && matches(suppression, finding) {
                finding.suppression = Some(Box::new(AppliedSuppression {
                    reason: suppression.reason.clone(),
                    expires: suppression.expires.map(|date| date.to_string()),
                }));
            }
        }
    }
    expired
}

fn matches(suppression: &Suppression, finding: &Finding) -> bool {
    let same = |selector: &Option<String>, value: Option<&str>| {
        selector
            .as_deref()
            .is_none_or(|wanted| Some(wanted) == value)
    };
    same(&suppression.rule, Some(finding.rule_id))
        && same(&suppression.account, Some(&finding.account_id))
        && same(&suppression.user, finding.user_name.as_deref())
        && same(&suppression.access_key_id, finding.access_key_id.as_deref())
}

fn expired_finding(suppression: &Suppression) -> Finding {
    let mut evidence = Evidence::default();
    evidence.insert("config_line", suppression.line.to_string());
    evidence.insert("reason", suppression.reason.clone());
    evidence.insert(
        "expired",
        suppression
            .expires
            .map(|date| date.to_string())
            .unwrap_or_default(),
    );
    for (name, value) in [
        ("rule", &suppression.rule),
        ("user", &suppression.user),
        ("access_key_id", &suppression.access_key_id),
    ] {
        if let Some(value) = value {
            evidence.insert(name, value.clone());
        }
    }
    let account_id = suppression.account.clone().unwrap_or_default();
    Finding {
        rule_id: RULE.id,
        rule_name: RULE.name,
        severity: RULE.severity,
        account_name: String::new(),
        resource_type: ResourceType::AwsAccount,
        resource: format!("config line {}", suppression.line),
        user_name: suppression.user.clone(),
        access_key_id: suppression.access_key_id.clone(),
        title: RULE.title,
        evidence,
        remediation: Remediation {
            text: RULE.remediation,
            advice: None,
            arguments: Vec::new(),
            command: format!(
                "edit the configuration at line {}: renew `expires` or remove the suppression",
                suppression.line
            ),
        },
        references: std::borrow::Cow::Borrowed(RULE.references),
        suppression: None,
        discriminator: None,
        privilege: None,
        risk: 0,
        owner: None,
        ou_path: None,
        account_id,
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use iam_audit_model::{AccessKeyStatus, Observed};

    use crate::context::testing::{key, now, run, user};
    use crate::{Config, evaluate};

    use super::*;

    fn suppression(user: &str, expires: Option<NaiveDate>) -> Suppression {
        Suppression {
            rule: Some("KEY001".to_string()),
            account: Some("123456789012".to_string()),
            user: Some(user.to_string()),
            access_key_id: None,
            reason: "accepted".to_string(),
            expires,
            line: 4,
        }
    }

    fn old_key_run() -> iam_audit_model::AuditRun {
        let mut old = user("terraform");
        old.access_keys =
            Observed::Known(vec![key("AKIAOLD", AccessKeyStatus::Active, 400, Some(1))]);
        run(vec![old], None)
    }

    #[test]
    fn a_live_suppression_marks_the_finding_and_keeps_it() {
        let config = Config {
            suppressions: vec![suppression(
                "terraform",
                NaiveDate::from_ymd_opt(2026, 6, 1),
            )],
            ..Config::default()
        };
        let findings = evaluate(&old_key_run(), &config, now());
        let rotated: Vec<&Finding> = findings
            .iter()
            .filter(|finding| finding.rule_id == "KEY001")
            .collect();
        assert_eq!(rotated.len(), 1);
        assert_eq!(
            rotated[0]
                .suppression
                .as_ref()
                .map(|applied| applied.reason.as_str()),
            Some("accepted")
        );
        assert!(!findings.iter().any(|finding| finding.rule_id == "SUP001"));
    }

    #[test]
    fn an_expired_suppression_stops_and_is_reported() {
        let config = Config {
            suppressions: vec![suppression(
                "terraform",
                NaiveDate::from_ymd_opt(2026, 5, 31),
            )],
            ..Config::default()
        };
        let findings = evaluate(&old_key_run(), &config, now());
        let rotated = findings.iter().find(|finding| finding.rule_id == "KEY001");
        assert!(rotated.is_some_and(|finding| finding.suppression.is_none()));
        let expired = findings.iter().find(|finding| finding.rule_id == "SUP001");
        assert!(
            expired.is_some_and(
                |finding| finding.evidence.get("config_line") == Some(&"4".to_string())
            )
        );
    }

    #[test]
    fn a_suppression_for_another_user_does_not_apply() {
        let config = Config {
            suppressions: vec![suppression("someone-else", None)],
            ..Config::default()
        };
        let findings = evaluate(&old_key_run(), &config, now());
        assert!(findings.iter().all(|finding| finding.suppression.is_none()));
    }
}
