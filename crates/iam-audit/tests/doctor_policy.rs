//! `doctor` against the emulator (every troubleshooting case of the original tool's document)
//! and `policy` (IAM grammar, CloudFormation, Terraform, and equality with what the audit is seen
//! calling).

mod common;

use std::collections::BTreeSet;

use common::{Emulator, run_with};
use iam_audit_emulator::{Scenario, demo_scenario};
use iam_audit_model::actions::{PolicyNeeds, Scope, actions_for};
use iam_audit_templates::policy::{PolicyOptions, policy_grammar_errors};

fn doctor(emulator: &Emulator, arguments: &[&str]) -> (i32, String) {
    let (mut command, _home) = common::command(Some(&emulator.url()));
    let output = command
        .arg("doctor")
        .args(arguments)
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    )
}

fn line<'a>(table: &'a str, check: &str, subject: &str) -> &'a str {
    table
        .lines()
        .find(|line| line.starts_with(check) && line.contains(subject))
        .unwrap_or_else(|| panic!("no {check} line for {subject} in:\n{table}"))
}

fn fix_after<'a>(table: &'a str, check: &str, subject: &str) -> &'a str {
    let mut lines = table
        .lines()
        .skip_while(|line| !(line.starts_with(check) && line.contains(subject)));
    lines.next();
    lines
        .next()
        .filter(|line| line.contains("fix: "))
        .unwrap_or("")
}

#[test]
fn doctor_passes_a_healthy_organization_and_warns_about_administrator_access() {
    let emulator = Emulator::start(demo_scenario());
    let (code, table) = doctor(&emulator, &[]);
    // Everything is readable; the one failure is the demo's drifted audit role in Security.
    assert_eq!(code, 2, "{table}");
    let drifted = line(&table, "audit-role", "Security (345678901234)");
    assert!(
        drifted.contains("FAIL") && drifted.contains("also trusts arn:aws:iam::999999999999:root"),
        "{table}"
    );
    assert!(
        fix_after(&table, "audit-role", "Security (345678901234)").contains("CloudTrail"),
        "{table}"
    );
    for account in ["Production (123456789012)", "Development (234567890123)"] {
        assert!(
            line(&table, "audit-role", account).contains("PASS"),
            "{account}:\n{table}"
        );
    }
    assert!(line(&table, "caller", "111111111111").contains("PASS"));
    assert!(line(&table, "organization", "o-demo1234567").contains("management account"));
    assert!(line(&table, "control-tower", "-").contains("PASS"));
    let role = line(&table, "role", "AWSControlTowerExecution");
    assert!(role.contains("WARN") && role.contains("AdministratorAccess"));
    assert!(fix_after(&table, "role", "AWSControlTowerExecution").contains("iam-audit policy"));
    for account in [
        "Production (123456789012)",
        "Development (234567890123)",
        "Security (345678901234)",
    ] {
        for check in [
            "assume-role",
            "iam-read",
            "iam-credentials",
            "last-accessed",
            "cloudtrail",
        ] {
            assert!(
                line(&table, check, account).contains("PASS"),
                "{check} {account}:\n{table}"
            );
        }
    }
    assert!(
        !table.contains("Legacy-Closed"),
        "suspended accounts are not checked"
    );
    assert!(
        emulator.calls().iter().all(
            |call| iam_audit_model::actions::read_actions().contains(&call.iam_action.as_str())
        )
    );
}

#[test]
fn doctor_classifies_each_failure_into_the_troubleshooting_cases() {
    let scenario = Scenario::from_toml_str(
        r#"
[organization]
id = "o-broken"
management_account = "111111111111"
control_tower = false

[[accounts]]
id = "111111111111"
name = "Management"

[[accounts]]
id = "222222222222"
name = "NotEnrolled"

[[accounts]]
id = "333333333333"
name = "ScpBlocked"
roles = ["IamAuditRole"]
users = [ { name = "alice", created = "-10d" } ]

[[accounts]]
id = "444444444444"
name = "NoTrail"
roles = ["IamAuditRole"]
users = [ { name = "bob", created = "-10d" } ]

[[faults]]
account = "333333333333"
action = "ListUsers"
kind = "access_denied"

[[faults]]
account = "444444444444"
action = "LookupEvents"
kind = "server_error"
status = 400

[[faults]]
account = "444444444444"
action = "ListServiceSpecificCredentials"
kind = "access_denied"

[[faults]]
account = "444444444444"
action = "GenerateServiceLastAccessedDetails"
kind = "access_denied"
"#,
    )
    .expect("valid scenario");
    let emulator = Emulator::start(scenario);
    let (code, table) = doctor(
        &emulator,
        &["--role", "IamAuditRole", "--max-attempts", "1"],
    );
    assert_eq!(code, 2, "{table}");
    let control_tower = line(&table, "control-tower", "-");
    assert!(control_tower.contains("WARN"), "{table}");
    assert!(fix_after(&table, "control-tower", "-").contains("custom audit role"));
    assert!(line(&table, "assume-role", "NotEnrolled").contains("FAIL"));
    let not_enrolled = fix_after(&table, "assume-role", "NotEnrolled");
    assert!(
        not_enrolled.contains("not enrolled in Control Tower")
            && not_enrolled.contains("trust policy"),
        "{table}"
    );
    let scp = line(&table, "iam-read", "ScpBlocked");
    assert!(
        scp.contains("FAIL") && scp.contains("iam:ListUsers"),
        "{table}"
    );
    assert!(
        fix_after(&table, "iam-read", "ScpBlocked").contains("SCP"),
        "{table}"
    );
    assert!(line(&table, "assume-role", "ScpBlocked").contains("PASS"));
    assert!(line(&table, "cloudtrail", "NoTrail").contains("FAIL"));
    // A credential API denied: named, so the audit's "unknown" has its cause before the run.
    let credentials = line(&table, "iam-credentials", "NoTrail");
    assert!(
        credentials.contains("FAIL") && credentials.contains("iam:ListServiceSpecificCredentials"),
        "{table}"
    );
    assert!(
        line(&table, "iam-credentials", "ScpBlocked").contains("PASS"),
        "{table}"
    );
    // Service last accessed denied (issue 24): named, or every user's usage would be unknown.
    let usage = line(&table, "last-accessed", "NoTrail");
    assert!(
        usage.contains("FAIL") && usage.contains("iam:GenerateServiceLastAccessedDetails"),
        "{table}"
    );
    assert!(
        fix_after(&table, "cloudtrail", "NoTrail")
            .contains("CloudTrail is unavailable in us-east-1"),
        "{table}"
    );
    // A role of another name than Control Tower's must hold the audit's actions, no more.
    let custom = line(&table, "audit-role", "ScpBlocked");
    assert!(
        custom.contains("FAIL") && custom.contains("beyond the audit's actions"),
        "{table}"
    );
    assert!(
        !table.contains("AdministratorAccess:"),
        "no warning for a custom role: {table}"
    );
    assert!(table.contains("failed."), "a summary line");
}

fn policy(arguments: &[&str]) -> String {
    let (mut command, _home) = common::command(None);
    let output = command
        .arg("policy")
        .args(arguments)
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn actions(document: &serde_json::Value) -> BTreeSet<String> {
    document["Statement"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|statement| statement["Action"].as_array().cloned().unwrap_or_default())
        .filter_map(|action| action.as_str().map(str::to_string))
        .collect()
}

#[test]
fn policies_are_valid_iam_grammar_and_reflect_the_options() {
    let text = policy(&[
        "--management-account",
        "111111111111",
        "--external-id",
        "ext-42",
    ]);
    let documents: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    for key in [
        "member_role_policy",
        "member_role_trust_policy",
        "management_policy",
    ] {
        assert_eq!(
            policy_grammar_errors(&documents[key]),
            Vec::<String>::new(),
            "{key}"
        );
    }
    let trust = &documents["member_role_trust_policy"]["Statement"][0];
    assert_eq!(trust["Principal"]["AWS"], "arn:aws:iam::111111111111:root");
    assert_eq!(
        trust["Condition"]["StringEquals"]["sts:ExternalId"],
        "ext-42"
    );
    let management = &documents["management_policy"];
    assert!(
        management["Statement"]
            .as_array()
            .is_some_and(|statements| statements
                .iter()
                .any(|statement| statement["Resource"] == "arn:aws:iam::*:role/IamAuditRole"))
    );
    let member = actions(&documents["member_role_policy"]);
    assert!(member.contains("cloudtrail:LookupEvents") && member.contains("iam:GetLoginProfile"));
    // Options that change permissions change the policy.
    let report: serde_json::Value = serde_json::from_str(&policy(&[
        "--iam-source",
        "credential-report",
        "--no-cloudtrail",
        "--no-doctor",
    ]))
    .expect("JSON");
    let member = actions(&report["member_role_policy"]);
    assert!(
        member.contains("iam:GenerateCredentialReport")
            && member.contains("iam:GetCredentialReport")
    );
    assert!(
        !member.contains("cloudtrail:LookupEvents")
            && !member.contains("iam:GetLoginProfile")
            && !member.contains("iam:ListUsers")
    );
    assert!(!actions(&report["management_policy"]).contains("controltower:ListLandingZones"));
    // Service last accessed (issue 24): granted by default, dropped with --last-accessed off.
    let with_usage = actions(&documents["member_role_policy"]);
    assert!(
        with_usage.contains("iam:GenerateServiceLastAccessedDetails")
            && with_usage.contains("iam:GetServiceLastAccessedDetails")
    );
    let off: serde_json::Value =
        serde_json::from_str(&policy(&["--last-accessed", "off"])).expect("JSON");
    assert!(
        !actions(&off["member_role_policy"])
            .iter()
            .any(|action| action.contains("ServiceLastAccessed"))
    );
    let gov: serde_json::Value =
        serde_json::from_str(&policy(&["--partition", "aws-us-gov", "--role", "Audit"]))
            .expect("JSON");
    assert!(
        gov["management_policy"]
            .to_string()
            .contains("arn:aws-us-gov:iam::*:role/Audit")
    );
}

#[test]
fn the_cloudformation_template_declares_the_role_with_its_trust_and_policy() {
    let text = policy(&[
        "--format",
        "cloudformation",
        "--management-account",
        "111111111111",
        "--external-id",
        "ext-42",
        "--role",
        "AuditRole",
    ]);
    let template: serde_json::Value = serde_json::from_str(&text).expect("the template is JSON");
    assert_eq!(template["AWSTemplateFormatVersion"], "2010-09-09");
    assert_eq!(
        template["Parameters"]["ManagementAccountId"]["Default"],
        "111111111111"
    );
    let role = &template["Resources"]["IamAuditRole"];
    assert_eq!(role["Type"], "AWS::IAM::Role");
    assert_eq!(role["Properties"]["RoleName"], "AuditRole");
    let trust = &role["Properties"]["AssumeRolePolicyDocument"];
    assert_eq!(
        trust["Statement"][0]["Principal"]["AWS"]["Fn::Sub"],
        "arn:${AWS::Partition}:iam::${ManagementAccountId}:root"
    );
    assert_eq!(
        trust["Statement"][0]["Condition"]["StringEquals"]["sts:ExternalId"],
        "ext-42"
    );
    let policy = &role["Properties"]["Policies"][0]["PolicyDocument"];
    assert_eq!(policy_grammar_errors(policy), Vec::<String>::new());
    let expected: BTreeSet<String> = actions_for(Scope::Member, PolicyNeeds::default())
        .into_iter()
        .map(str::to_string)
        .collect();
    assert_eq!(actions(policy), expected);
    assert!(template["Outputs"]["RoleArn"]["Value"]["Fn::GetAtt"].is_array());
}

#[test]
fn the_terraform_declares_the_same_role() {
    let text = policy(&[
        "--format",
        "terraform",
        "--management-account",
        "111111111111",
    ]);
    for piece in [
        "variable \"management_account_id\"",
        "default     = \"111111111111\"",
        "resource \"aws_iam_role\" \"iam_audit\"",
        "resource \"aws_iam_role_policy\" \"iam_audit_read_only\"",
        "assume_role_policy   = jsonencode(",
        "${var.management_account_id}",
        "\"iam:ListAccessKeys\"",
    ] {
        assert!(text.contains(piece), "{piece} missing:\n{text}");
    }
    assert_eq!(
        text.matches('{').count(),
        text.matches('}').count(),
        "balanced braces"
    );
}

#[test]
fn the_policies_grant_exactly_what_the_audit_and_doctor_call() {
    // The demo organization, with a key in the management account too, so that every read the
    // policies grant has something to read there.
    let mut scenario = demo_scenario();
    let management = scenario
        .accounts
        .iter_mut()
        .find(|account| account.id == "111111111111")
        .expect("the management account");
    management.users[0]
        .access_keys
        .push(iam_audit_emulator::scenario::AccessKeySpec {
            id: None,
            status: "Active".to_string(),
            created: iam_audit_emulator::When::days_ago(10),
            last_used: None,
        });
    let emulator = Emulator::start(scenario);
    let audit = run_with(Some(&emulator.url()), &["--format", "csv"], |_| {});
    assert_eq!(audit.code, 0, "{}", audit.all_output());
    let (code, table) = doctor(&emulator, &[]);
    assert_eq!(code, 2, "only the demo's drifted audit role fails: {table}");
    let calls = emulator.calls();
    let member_calls: BTreeSet<String> = calls
        .iter()
        .filter(|call| call.assumed_role)
        .map(|call| call.iam_action.clone())
        .collect();
    let caller_calls: BTreeSet<String> = calls
        .iter()
        .filter(|call| !call.assumed_role)
        .map(|call| call.iam_action.clone())
        .collect();
    let options = PolicyOptions {
        role_name: "AWSControlTowerExecution".to_string(),
        partition: "aws".to_string(),
        management_account: Some("111111111111".to_string()),
        external_id: None,
        needs: PolicyNeeds::default(),
    };
    let member_policy: BTreeSet<String> =
        actions(&iam_audit_templates::policy::member_policy(options.needs));
    assert_eq!(
        member_calls, member_policy,
        "the member role's policy is exactly what members were called with"
    );
    let mut management_policy = actions(&iam_audit_templates::policy::management_policy(&options));
    management_policy.insert("sts:GetCallerIdentity".to_string());
    assert_eq!(
        caller_calls, management_policy,
        "the management policy is exactly what the caller called"
    );
}

#[test]
fn doctor_and_usage_errors_speak_the_runs_language() {
    let emulator = Emulator::start(demo_scenario());
    let (code, table) = doctor(&emulator, &["--lang", "es"]);
    assert_eq!(code, 2, "the demo's drifted audit role: {table}");
    assert!(
        line(&table, "audit-role", "Security").contains("ha cambiado"),
        "{table}"
    );
    assert!(
        line(&table, "assume-role", "Production")
            .contains("asumido arn:aws:iam::123456789012:role/AWSControlTowerExecution"),
        "{table}"
    );
    assert!(table.contains("tiene AdministratorAccess"), "{table}");
    assert!(
        table.contains("solución: despliegue el rol de auditoría de mínimo privilegio"),
        "{table}"
    );
    assert!(table.contains("comprobaciones:"), "{table}");
    let (mut command, _home) = common::command(Some(&emulator.url()));
    let output = command
        .env("LANG", "es_ES.UTF-8")
        .args(["--accounts", "123"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(64));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--accounts: `123` no es un id de cuenta de AWS (12 dígitos"),
        "{stderr}"
    );
}

/// The writer's policy (issue 13): only the delivery's actions, each on its own resource; none of
/// them is in the read-only allow-list of audited accounts.
#[test]
fn the_delivery_policy_grants_each_write_on_its_own_resource() {
    let plain: serde_json::Value = serde_json::from_str(&policy(&[])).expect("JSON");
    assert!(
        plain.get("delivery_policy").is_none(),
        "no delivery, no writes"
    );
    let text = policy(&[
        "--output-dir",
        "s3://acme-reports/iam-audit",
        "--s3-kms-key",
        "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "--notify",
        "sns:arn:aws:sns:us-east-1:111111111111:security",
        "--slack-webhook-secret",
        "arn:aws:secretsmanager:us-east-1:111111111111:secret:iam-audit/slack-AbCdEf",
    ]);
    let documents: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let delivery = &documents["delivery_policy"];
    assert!(
        iam_audit_templates::policy::policy_grammar_errors(delivery).is_empty(),
        "{delivery}"
    );
    let granted: Vec<(String, String)> = delivery["Statement"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|statement| {
            let resource = statement["Resource"].to_string();
            statement["Action"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(move |action| {
                    (
                        action.as_str().unwrap_or_default().to_string(),
                        resource.clone(),
                    )
                })
        })
        .collect();
    let expect = |action: &str, resource_part: &str| {
        assert!(
            granted
                .iter()
                .any(|(granted, resource)| granted == action && resource.contains(resource_part)),
            "{action} on {resource_part}: {granted:?}"
        );
    };
    expect("s3:PutObject", "arn:aws:s3:::acme-reports/iam-audit/*");
    expect("s3:GetObject", "arn:aws:s3:::acme-reports/iam-audit/*");
    expect("kms:GenerateDataKey", ":key/1234abcd");
    expect("kms:Decrypt", ":key/1234abcd");
    expect("sns:Publish", ":security");
    expect("secretsmanager:GetSecretValue", ":secret:iam-audit/slack");
    assert_eq!(granted.len(), 6, "nothing else: {granted:?}");
    assert!(
        granted
            .iter()
            .all(|(action, _)| !iam_audit_model::actions::read_actions().contains(&action.as_str())),
        "delivery writes are not in the audited accounts' allow-list"
    );
}

/// Issue 25: the routes of `--config` add their own targets to the delivery policy — each
/// route's SNS topic and Slack secret, beside `--slack-webhook-secret` — and `[owners]
/// account_tags` the one read it needs; a webhook from the environment adds nothing.
#[test]
fn the_routes_of_the_config_are_in_the_delivery_policy() {
    let config = tempfile::NamedTempFile::new().expect("config");
    std::fs::write(
        config.path(),
        "[owners]\naccount_tags = [\"owner\"]\n\n\
         [[routes]]\nou = \"Root/Production/*\"\nnotify = [\"slack:arn:aws:secretsmanager:us-east-1:111111111111:secret:payments/slack-Ab12Cd\", \"sns:arn:aws:sns:us-east-1:111111111111:payments\"]\n\n\
         [[routes]]\nowner = \"data-team\"\nnotify = [\"slack:env:DATA_TEAM_WEBHOOK\"]\n",
    )
    .expect("written");
    let path = config.path().to_string_lossy().to_string();
    let text = policy(&[
        "--config",
        &path,
        "--slack-webhook-secret",
        "arn:aws:secretsmanager:us-east-1:111111111111:secret:iam-audit/slack-AbCdEf",
    ]);
    let documents: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let delivery = &documents["delivery_policy"];
    assert!(
        iam_audit_templates::policy::policy_grammar_errors(delivery).is_empty(),
        "{delivery}"
    );
    let statement = |sid: &str| {
        delivery["Statement"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|statement| statement["Sid"] == sid)
            .cloned()
            .unwrap_or_else(|| panic!("no {sid} in {delivery}"))
    };
    assert_eq!(
        statement("IamAuditReadWebhook")["Resource"],
        serde_json::json!([
            "arn:aws:secretsmanager:us-east-1:111111111111:secret:iam-audit/slack-AbCdEf",
            "arn:aws:secretsmanager:us-east-1:111111111111:secret:payments/slack-Ab12Cd",
        ])
    );
    assert_eq!(
        statement("IamAuditNotifyTopics")["Resource"],
        serde_json::json!(["arn:aws:sns:us-east-1:111111111111:payments"])
    );
    assert!(!text.contains("DATA_TEAM_WEBHOOK"), "{text}");
    assert!(
        text.contains("organizations:ListTagsForResource"),
        "[owners] account_tags needs it"
    );
}
