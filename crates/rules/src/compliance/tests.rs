//! The compliance semantics (PASS only where read, UNKNOWN never PASS, suppressed FAIL stays FAIL,
//! organization controls once) and the catalogues' agreement with what the rules cite.

use iam_audit_model::{
    AccessKeyStatus, CollectionError, ErrorKind, Observed, RootAccount, RunScope,
};

use super::*;
use crate::context::testing::{key, now, run, user, with_password};
use crate::rules::RULES;

fn row<'a>(rows: &'a [ComplianceRow<'a>], framework: &str, control: &str) -> &'a ComplianceRow<'a> {
    rows.iter()
        .find(|row| row.framework == framework && row.control_id == control)
        .unwrap_or_else(|| panic!("no row for {framework} {control}"))
}

/// The rows borrow the findings; a test's few are leaked to outlive the helper.
fn judged(run: &iam_audit_model::AuditRun) -> Vec<ComplianceRow<'_>> {
    let findings = crate::evaluate(run, &crate::Config::default(), now()).leak();
    evaluate(run, findings, &FRAMEWORKS)
}

fn root(mfa: bool) -> RootAccount {
    let mut root = RootAccount::unknown();
    root.mfa_enabled = Observed::Known(mfa);
    root.access_keys_present = Observed::Known(false);
    root.password_present = Observed::Known(true);
    root.virtual_mfa = Observed::Known(false);
    root.signing_certificates_present = Observed::Known(false);
    root.last_console_login = Some(Observed::Known(None));
    root
}

/// Every control any rule cites is a control of a catalogue, and every control the catalogues
/// judge is cited by a rule: the table and the rules cannot drift apart. IAM Access Analyzer's
/// finding types (USE001, USE002) are equivalents named for the reader, not controls of a
/// framework: no catalogue judges them.
#[test]
fn the_catalogues_and_the_rules_agree() {
    for rule in RULES {
        for reference in rule
            .references
            .iter()
            .filter(|reference| reference.framework != crate::rules::ACCESS_ANALYZER)
        {
            let known = FRAMEWORKS.iter().any(|framework| {
                framework.reference == reference.framework
                    && framework
                        .controls
                        .iter()
                        .any(|control| control.id == reference.control)
            });
            assert!(
                known,
                "{} cites {reference}, which no catalogue has",
                rule.id
            );
        }
    }
    for framework in FRAMEWORKS {
        for control in framework.controls {
            if matches!(control.assessment, Assessment::NotAssessed { .. }) {
                continue;
            }
            let cited = RULES.iter().any(|rule| {
                rule.references.iter().any(|reference| {
                    reference.framework == framework.reference && reference.control == control.id
                })
            });
            assert!(
                cited,
                "{} {} is judged but no rule cites it",
                framework.id, control.id
            );
        }
    }
}

/// The published sizes of each framework's IAM section.
#[test]
fn each_framework_lists_its_whole_iam_section() {
    let sizes: Vec<(&str, usize)> = FRAMEWORKS
        .iter()
        .map(|framework| (framework.id, framework.controls.len()))
        .collect();
    assert_eq!(
        sizes,
        [
            ("cis-aws-3.0.0", 22),
            ("cis-aws-5.0.0", 21),
            ("cis-aws-6.0.0", 21),
            ("cis-aws-7.0.0", 26),
            ("aws-fsbp", 28)
        ]
    );
}

#[test]
fn a_failing_control_names_its_findings_and_a_clean_one_passes() {
    let mut alice = with_password(user("alice"), 400, Some(1));
    alice.access_keys =
        Observed::Known(vec![key("AKIAOLD", AccessKeyStatus::Active, 400, Some(1))]);
    let audited = run(vec![alice], Some(root(true)));

    let rows = judged(&audited);
    let rotation = row(&rows, "cis-aws-7.0.0", "2.12");
    assert_eq!(rotation.status, Status::Fail);
    let ids: Vec<String> = rotation
        .findings
        .iter()
        .map(|finding| finding.id())
        .collect();
    assert_eq!(ids, ["iam-audit/123456789012/KEY001/AKIAOLD"]);
    // Console user without MFA: 2.10 fails; the root has MFA: 2.5 passes.
    assert_eq!(row(&rows, "cis-aws-7.0.0", "2.10").status, Status::Fail);
    assert_eq!(row(&rows, "cis-aws-7.0.0", "2.5").status, Status::Pass);
    assert_eq!(row(&rows, "aws-fsbp", "IAM.4").status, Status::Pass);
    let ec2 = row(&rows, "cis-aws-7.0.0", "2.16");
    assert_eq!(ec2.status, Status::NotAssessed);
    assert!(
        ec2.reason
            .as_deref()
            .is_some_and(|reason| reason.contains("EC2"))
    );
}

/// Data that could not be read makes its controls UNKNOWN, naming the API: never PASS.
#[test]
fn unread_data_is_unknown_never_pass() {
    let mut organization = run(vec![user("bob")], Some(root(true)));
    organization.accounts[0].password_policy = Observed::Unknown;
    organization.accounts[0].errors.push(CollectionError {
        account_id: "123456789012".to_string(),
        api: "iam:GetAccountPasswordPolicy".to_string(),
        resource: None,
        kind: ErrorKind::AccessDenied,
        code: Some("AccessDenied".to_string()),
        message: "denied".to_string(),
    });
    organization.accounts[0].finish();
    let rows = judged(&organization);
    for (framework, control) in [
        ("cis-aws-7.0.0", "2.8"),
        ("aws-fsbp", "IAM.15"),
        ("aws-fsbp", "IAM.16"),
    ] {
        let row = row(&rows, framework, control);
        assert_eq!(row.status, Status::Unknown, "{framework} {control}");
        assert_eq!(
            row.reason.as_deref(),
            Some("iam:GetAccountPasswordPolicy failed (access_denied)")
        );
    }
    // CloudTrail not collected: root usage cannot be judged.
    let mut no_trail = run(vec![user("bob")], Some(root(true)));
    no_trail.accounts[0].cloudtrail_collected = false;
    let rows = judged(&no_trail);
    assert_eq!(row(&rows, "cis-aws-7.0.0", "2.7").status, Status::Unknown);
}

/// A control failing only on suppressed findings stays FAIL, marked suppressed with the reason
/// (Prowler's "muted"): an accepted risk is not a pass.
#[test]
fn a_suppressed_failure_stays_a_failure() {
    let mut alice = user("alice");
    alice.access_keys =
        Observed::Known(vec![key("AKIAOLD", AccessKeyStatus::Active, 400, Some(1))]);
    let organization = run(vec![alice], Some(root(true)));
    let config = crate::Config::parse(
        "[[suppressions]]\nrule = \"KEY001\"\nreason = \"rotated by the pipeline\"\n",
        "c.toml",
    )
    .expect("a valid configuration");
    let findings = crate::evaluate(&organization, &config, now());
    let rows = evaluate(&organization, &findings, &FRAMEWORKS);
    let rotation = row(&rows, "aws-fsbp", "IAM.3");
    assert_eq!(rotation.status, Status::Fail);
    assert!(rotation.suppressed);
    assert_eq!(
        rotation.reason.as_deref(),
        Some("suppressed: rotated by the pipeline")
    );
}

/// Centralized root access belongs to the organization: one row, on the management account.
#[test]
fn organization_controls_are_judged_once_on_the_management_account() {
    let mut organization = run(vec![user("bob")], Some(root(true)));
    let mut management = organization.accounts[0].clone();
    management.account.id = "111111111111".to_string();
    management.account.name = "Management".to_string();
    organization.accounts.insert(0, management);
    organization.management_account_id = Some("111111111111".to_string());
    organization.organization_id = Some("o-1".to_string());
    organization.scope = Some(RunScope::default());
    let rows = judged(&organization);
    let central: Vec<&ComplianceRow<'_>> = rows
        .iter()
        .filter(|row| row.framework == "cis-aws-7.0.0" && row.control_id == "2.1.1")
        .collect();
    assert_eq!(central.len(), 1);
    assert_eq!(central[0].account_id, "111111111111");
    assert_eq!(central[0].status, Status::Fail, "ORG001 fails it");
    // Every account has a row for every account-level control.
    let accounts = rows
        .iter()
        .filter(|row| row.framework == "cis-aws-7.0.0" && row.control_id == "2.4")
        .count();
    assert_eq!(accounts, 2);
}
