//! Findings end to end: which findings the demo organization yields, for which users and keys;
//! `--config` thresholds and suppressions, `--fail-on`, `rules` and `explain`.

mod common;

use common::{Emulator, run};
use iam_audit_emulator::demo_scenario;

/// `RULE severity account user` for every finding, sorted.
fn summary(rows: &[common::Row]) -> Vec<String> {
    let mut lines: Vec<String> = rows
        .iter()
        .map(|row| {
            let user = if row["user_name"].is_empty() {
                "-"
            } else {
                row["user_name"].as_str()
            };
            format!(
                "{} {} {} {}",
                row["rule_id"], row["severity"], row["account_name"], user
            )
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn the_demo_organizations_findings_are_exactly_the_expected_ones() {
    let emulator = Emulator::start(demo_scenario());
    let outcome = run(Some(&emulator.url()), &["--lang", "en"]);
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
    let findings = outcome.report("findings");
    // The whole list is a snapshot (tests/snapshots/findings__demo_findings.snap): a change to
    // what the demo finds is a reviewable diff.
    insta::assert_snapshot!("demo_findings", summary(&findings).join("\n"));
    assert_eq!(findings.len(), 159);

    // A key finding names the key and its user, with evidence, the CLI fix and the controls.
    let keys = outcome.report("iam_audit_report");
    let terraform_key = &common::row_where(&keys, "username", "terraform")["access_key_id"];
    let rotation = findings
        .iter()
        .find(|row| row["rule_id"] == "KEY001" && &row["access_key_id"] == terraform_key)
        .expect("terraform's key is not rotated");
    assert_eq!(rotation["resource"], *terraform_key);
    assert_eq!(rotation["resource_type"], "AwsIamAccessKey");
    assert_eq!(rotation["account_id"], "123456789012");
    assert!(
        rotation["evidence"].contains("key_age_days=1200"),
        "{rotation:?}"
    );
    assert!(rotation["remediation_command"].contains(&format!(
        "--access-key-id {terraform_key} --status Inactive"
    )));
    assert!(rotation["references"].contains("AWS Security Hub IAM.3"));
    assert!(rotation["references"].contains("CIS AWS Foundations Benchmark v3.0.0 1.14"));
    assert!(rotation["references"].contains("CIS AWS Foundations Benchmark v5.0.0 1.13"));
    assert_eq!(
        rotation["title"],
        "Active access key not rotated in 90 days"
    );
    assert_eq!(rotation["suppressed"], "false");
    // Issue 22: a key in use is rotated, and the advice says where it is used (its CloudTrail
    // activity); a key nothing has used is deactivated instead.
    assert!(
        rotation["remediation"].contains("198.51.100.30")
            && rotation["remediation"].contains("Terraform/1.7")
            && rotation["remediation_command"].starts_with("aws iam create-access-key"),
        "{rotation:?}"
    );
    let legacy_key = &common::row_where(&keys, "username", "legacy-reporting")["access_key_id"];
    let stale = findings
        .iter()
        .find(|row| row["rule_id"] == "KEY001" && &row["access_key_id"] == legacy_key)
        .expect("legacy-reporting's key is not rotated");
    assert!(
        stale["remediation"].starts_with("Deactivate the key: nothing has ever used it")
            && !stale["remediation_command"].contains("create-access-key"),
        "{stale:?}"
    );

    let root = outcome.report("root_audit_report");
    let development = common::row_where(&root, "account_name", "Development");
    assert_eq!(development["mfa_enabled"], "false");
    assert_eq!(development["access_key_present"], "true");
    assert!(development["root_last_login"].starts_with("20"));
    let management = common::row_where(&root, "account_name", "Management");
    assert_eq!(management["mfa_type"], "Virtual");
    let production = common::row_where(&root, "account_name", "Production");
    assert_eq!(production["mfa_type"], "Hardware");
    assert_eq!(production["root_last_login"], "Never");

    assert!(
        outcome
            .stdout
            .contains("Findings: critical 15, high 51, medium 48, low 41, info 4 (0 suppressed)"),
        "{}",
        outcome.stdout
    );
    // The console and the HTML open their summary with "fix first", led by the key AWS found
    // exposed and quarantined (issue 22: an incident under way comes before posture), then
    // Development's root user (an active access key, no MFA: issue 19), each root finding its own
    // entry, then the administrator's stale key (issue 16), which nothing has ever used: the
    // advice is to deactivate it, not to rotate it (issue 22).
    let fix_first: Vec<&str> = outcome
        .stdout
        .lines()
        .skip_while(|line| !line.starts_with("Fix first"))
        .skip(1)
        .take(10)
        .collect();
    assert_eq!(fix_first.len(), 10, "{}", outcome.stdout);
    assert_eq!(
        fix_first[..4],
        [
            "  1. risk 100: Production / github-actions AKIA2EW56WRIUGOQFNC3 (none): EXP001 critical, Access key of a user AWS quarantined (the key was exposed publicly) → deactivate it now, then rotate and investigate",
            "  2. risk 100: Development / root user (root): ROOT001 critical, Root user has access keys",
            "  3. risk 100: Development / root user (root): ROOT002 critical, Root user has no MFA",
            "  4. risk 100: Production / legacy-reporting AKIALB5J4VPDUTJFRVQ6 (admin): KEY001 critical, Active access key not rotated in 90 days → deactivate it (never used)",
        ],
        "{fix_first:?}"
    );
    let html = std::fs::read_to_string(outcome.report_file("iam_audit", "html")).expect("HTML");
    let panel = html
        .find("class=\"fix-first\"")
        .expect("the fix-first panel");
    assert!(
        panel < html.find("class=\"cards\"").expect("the cards"),
        "the page opens with it"
    );
    let first_row = &html[panel..][html[panel..].find("<tbody>").expect("rows")..];
    let first_row = &first_row[..first_row.find("</tr>").expect("a row")];
    assert!(
        first_row.contains("github-actions")
            && first_row.contains("EXP001")
            && first_row.contains("--status Inactive"),
        "{first_row}"
    );
    // The stale administrator key's row: the advice in words, deactivation, not a new key.
    let legacy = &html[panel..][html[panel..].find("legacy-reporting").expect("its row")..];
    let legacy = &legacy[..legacy.find("</tr>").expect("a row")];
    assert!(
        legacy.contains("nothing has ever used it") && !legacy.contains("create-access-key"),
        "{legacy}"
    );
    assert!(outcome.stdout.contains("Accounts with the most critical findings: Production (123456789012) 6, Development (234567890123) 6, Security (345678901234) 3"), "{}", outcome.stdout);
}

#[test]
fn config_thresholds_overrides_and_suppressions_apply() {
    let folder = tempfile::tempdir().expect("folder");
    let config = folder.path().join("iam-audit.toml");
    std::fs::write(
        &config,
        r#"
[thresholds]
never_used_grace_days = 3650

# Rules named as a user would: a lowercase id and a rule name (regression, issue 12: both were
# accepted and then changed nothing).
[severity]
key004 = "low"

[[suppressions]]
rule = "access-key-not-rotated"
user = "terraform"
reason = "rotated by the pipeline, SEC-123"
expires = "2999-12-31"

[[suppressions]]
rule = "PWD001"
account = "111111111111"
reason = "billing is moving to SSO"
expires = "2020-01-01"
"#,
    )
    .expect("config written");
    let emulator = Emulator::start(demo_scenario());
    let config_argument = config.to_string_lossy().to_string();
    let outcome = run(
        Some(&emulator.url()),
        &["--config", &config_argument, "--fail-on", "critical"],
    );
    assert_eq!(
        outcome.code,
        1,
        "critical findings remain: {}",
        outcome.all_output()
    );
    assert!(
        outcome.stderr.contains("(--fail-on): exit code 1"),
        "{}",
        outcome.stderr
    );
    let findings = outcome.report("findings");
    let lines = summary(&findings);
    // A grace period of ten years spares every never-used key of a user without a password
    // (KEY003)...
    assert!(
        !lines.iter().any(|line| line.starts_with("KEY003")),
        "{lines:?}"
    );
    // ...but not a console user's (KEY006, CIS 1.11: no grace period).
    assert!(lines.contains(&"KEY006 medium Development heidi.intern".to_string()));
    assert!(lines.contains(&"KEY004 low Production ci-deploy".to_string()));
    assert!(
        !lines.iter().any(|line| line.starts_with("KEY004 medium")),
        "every KEY004 finding takes the override: {lines:?}"
    );
    let terraform = findings
        .iter()
        .find(|row| row["rule_id"] == "KEY001" && row["user_name"] == "terraform")
        .expect("kept, marked suppressed");
    assert_eq!(terraform["suppressed"], "true");
    assert_eq!(
        terraform["suppression_reason"],
        "rotated by the pipeline, SEC-123"
    );
    // The expired suppression suppresses nothing and is reported.
    let billing = findings
        .iter()
        .find(|row| row["rule_id"] == "PWD001" && row["user_name"] == "billing")
        .expect("billing");
    assert_eq!(billing["suppressed"], "false");
    let expired = findings
        .iter()
        .find(|row| row["rule_id"] == "SUP001")
        .expect("expired suppression");
    assert!(
        expired["evidence"].contains("config_line=16"),
        "{expired:?}"
    );
    assert!(
        outcome.stdout.contains("(1 suppressed)"),
        "{}",
        outcome.stdout
    );
}

#[test]
fn fail_on_is_quiet_below_the_threshold_and_incomplete_wins() {
    let emulator = Emulator::start(demo_scenario());
    let below = run(
        Some(&emulator.url()),
        &[
            "--fail-on",
            "critical",
            "--accounts",
            "345678901234,123456789012",
            "--exclude-accounts",
            "123456789012",
        ],
    );
    // Security alone has critical findings (keys over a year old).
    assert_eq!(below.code, 1, "{}", below.all_output());
    let config = tempfile::NamedTempFile::new().expect("config");
    std::fs::write(
        config.path(),
        "[severity]\nKEY001 = \"medium\"\nPRV002 = \"high\"\n",
    )
    .expect("written");
    let config_argument = config.path().to_string_lossy().to_string();
    let passing = run(
        Some(&emulator.url()),
        &[
            "--fail-on",
            "critical",
            "--accounts",
            "345678901234",
            "--config",
            &config_argument,
        ],
    );
    assert_eq!(passing.code, 0, "{}", passing.all_output());
    let incomplete = run(
        Some(&emulator.url()),
        &[
            "--fail-on",
            "info",
            "--accounts",
            "345678901234,999999999999",
        ],
    );
    assert_eq!(incomplete.code, 2, "{}", incomplete.all_output());
    let findings = incomplete.report("findings");
    let audit = findings
        .iter()
        .find(|row| row["rule_id"] == "AUD001")
        .expect("audit-incomplete finding");
    assert_eq!(audit["account_id"], "999999999999");
    assert_eq!(audit["severity"], "high");
}

#[test]
fn an_invalid_config_is_refused_with_its_line() {
    let config = tempfile::NamedTempFile::new().expect("config");
    std::fs::write(
        config.path(),
        "[thresholds]\nkey_rotation_days = 90\n\n[severity]\nKEY999 = \"low\"\n",
    )
    .expect("written");
    let config_argument = config.path().to_string_lossy().to_string();
    let outcome = run(None, &["--config", &config_argument]);
    assert_eq!(outcome.code, 64, "{}", outcome.all_output());
    assert!(
        outcome
            .stderr
            .contains(":5: severity: `KEY999` is not a rule id"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn rules_and_explain_print_the_catalogue() {
    let (mut command, _home) = common::command(None);
    let output = command.arg("rules").output().expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0));
    for id in ["AUD001", "KEY001", "KEY005", "PWD001", "ROOT004", "SUP001"] {
        assert!(text.contains(id), "{id} missing from:\n{text}");
    }
    assert!(text.contains("AWS Security Hub IAM.9"));
    let (mut command, _home) = common::command(None);
    let output = command
        .args(["explain", "access-key-never-used"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.starts_with("# KEY003 access-key-never-used"), "{text}");
    assert!(text.contains("## How to fix"));
    let (mut command, _home) = common::command(None);
    let output = command.args(["explain", "NOPE1"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(64));
}

#[test]
fn the_examples_make_the_coverage_and_suppression_rules_fire() {
    let config =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/iam-audit.toml");
    let config = config.to_string_lossy().to_string();
    let emulator = Emulator::start(demo_scenario());
    let demo = run(Some(&emulator.url()), &["--config", &config]);
    assert_eq!(demo.code, 0, "{}", demo.all_output());
    let findings = demo.report("findings");
    assert!(findings.iter().any(|row| row["rule_id"] == "SUP001"));
    assert!(findings.iter().any(|row| row["rule_id"] == "KEY001"
        && row["user_name"] == "terraform"
        && row["suppressed"] == "true"));
    let faulty = iam_audit_emulator::Scenario::from_toml_str(include_str!(
        "../../../examples/faulty-organization.toml"
    ))
    .expect("valid");
    let emulator = Emulator::start(faulty);
    let outcome = run(Some(&emulator.url()), &[]);
    assert_eq!(outcome.code, 2, "{}", outcome.all_output());
    let audit_findings: Vec<String> = outcome
        .report("findings")
        .iter()
        .filter(|row| row["rule_id"] == "AUD001")
        .map(|row| {
            format!(
                "{} {}",
                row["account_name"],
                row["evidence"]
                    .split("; ")
                    .find(|part| part.starts_with("api="))
                    .unwrap_or("")
            )
        })
        .collect();
    assert!(
        audit_findings.contains(&"Sandbox api=sts:AssumeRole".to_string()),
        "{audit_findings:?}"
    );
    assert!(
        audit_findings.contains(&"Data api=iam:GetLoginProfile".to_string()),
        "{audit_findings:?}"
    );
}
