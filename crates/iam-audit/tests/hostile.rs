//! Hostile data and the two promises: the audit only ever reads, and no secret reaches any
//! output.

mod common;

use std::collections::BTreeSet;

use common::{Emulator, run_with};
use iam_audit_emulator::{Scenario, demo_scenario};
use iam_audit_model::actions::read_actions;

const CALLER_TOKEN: &str = "TESTSESSIONTOKENdoNotLeak9876543210ZYXWVUTSRQ";

#[test]
fn every_option_only_reads() {
    let emulator = Emulator::start(demo_scenario());
    let config = tempfile::NamedTempFile::new().expect("config");
    std::fs::write(
        config.path(),
        // [owners] account_tags: the one read (ListTagsForResource) only this setting makes.
        "[owners]\naccount_tags = [\"owner\"]\n\n[[suppressions]]\nrule = \"KEY001\"\nreason = \"x\"\n",
    )
    .expect("written");
    let config = config.path().to_string_lossy().to_string();
    for arguments in [
        vec![
            "--format",
            "csv,json,html,asff",
            "--config",
            &config,
            "--fail-on",
            "low",
            "-vv",
        ],
        vec![
            "--iam-source",
            "credential-report",
            "--format",
            "json",
            "--cloudtrail-days",
            "7",
        ],
        vec![
            "--no-cloudtrail",
            "--accounts",
            "123456789012",
            "--external-id",
            "ext-123",
            "--session-duration",
            "900",
        ],
    ] {
        let outcome = run_with(Some(&emulator.url()), &arguments, |_| {});
        assert!(
            outcome.code == 0 || outcome.code == 1,
            "{arguments:?}: {}",
            outcome.all_output()
        );
    }
    let (mut doctor, _home) = common::command(Some(&emulator.url()));
    let output = doctor.arg("doctor").output().expect("doctor runs");
    // 2: the demo's drifted audit role in Security (tests/doctor_policy.rs).
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let called: BTreeSet<String> = emulator
        .calls()
        .iter()
        .map(|call| call.iam_action.clone())
        .collect();
    for action in &called {
        assert!(
            read_actions().contains(&action.as_str()),
            "{action} is not on the read allow-list"
        );
    }
    // Every read the tool can make was exercised by these runs (so the list is not padded).
    let allowed: BTreeSet<String> = read_actions()
        .iter()
        .map(|action| action.to_string())
        .collect();
    assert_eq!(called, allowed);
}

#[test]
fn no_secret_reaches_any_output_even_at_the_highest_verbosity() {
    let emulator = Emulator::start(demo_scenario());
    let outcome = run_with(
        Some(&emulator.url()),
        &["-vv", "--format", "csv,json,html,asff"],
        |command| {
            command.env("AWS_SESSION_TOKEN", CALLER_TOKEN);
        },
    );
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
    let issued = emulator.server().issued_secrets();
    assert_eq!(
        issued.len(),
        12,
        "three members' role sessions and root sessions: secret keys and session tokens"
    );
    let mut secrets: Vec<String> = issued;
    secrets.push(common::CALLER_SECRET.to_string());
    secrets.push(CALLER_TOKEN.to_string());
    let mut texts = vec![outcome.stdout.clone(), outcome.stderr.clone()];
    for path in common::report_files(&outcome.folder) {
        texts.push(std::fs::read_to_string(&path).expect("report readable"));
    }
    assert!(
        outcome.stderr.lines().count() > 50,
        "-vv logs a lot: the test must look at something"
    );
    for secret in &secrets {
        for text in &texts {
            assert!(!text.contains(secret.as_str()), "a secret leaked");
        }
    }
}

#[test]
fn reports_and_their_folder_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let emulator = Emulator::start(demo_scenario());
    let outcome = run_with(
        Some(&emulator.url()),
        &["--format", "csv,json,html,asff"],
        |_| {},
    );
    assert_eq!(outcome.code, 0);
    let mode = |path: &std::path::Path| {
        std::fs::metadata(path)
            .map(|meta| meta.permissions().mode() & 0o777)
            .unwrap_or(0)
    };
    assert_eq!(mode(&outcome.folder), 0o700);
    let files = common::report_files(&outcome.folder);
    // The reports and history.jsonl (issue 25).
    assert_eq!(files.len(), 11);
    for path in files {
        assert_eq!(mode(&path), 0o600, "{}", path.display());
    }
}

fn scenario(accounts: &str) -> Scenario {
    Scenario::from_toml_str(&format!(
        "[organization]\nid = \"o-x\"\nmanagement_account = \"111111111111\"\n\n[settings]\npage_size = {{ list_users = 100 }}\n\n{accounts}"
    ))
    .expect("valid scenario")
}

#[test]
fn an_empty_organization_is_a_complete_empty_audit() {
    let emulator = Emulator::start(scenario(
        "[[accounts]]\nid = \"111111111111\"\nname = \"Only\"\n",
    ));
    let outcome = run_with(Some(&emulator.url()), &["--format", "csv,json"], |_| {});
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
    assert!(outcome.report("iam_audit_report").is_empty());
    assert!(outcome.stdout.contains("No Access Keys found."));
    assert!(outcome.stdout.contains("Total Access Keys found: 0"));
}

#[test]
fn thousands_of_users_long_names_and_control_characters() {
    let mut users = String::new();
    for index in 0..2500 {
        users.push_str(&format!(
            "  {{ name = \"user-{index:05}\", created = \"-10d\" }},\n"
        ));
    }
    let long_name = format!("{}{}", "n".repeat(60), "+=,.@-");
    let text = format!(
        "[[accounts]]\nid = \"111111111111\"\nname = \"Management\"\n\n[[accounts]]\nid = \"222222222222\"\nname = \"Evil\\u001b[31m\\u0007Name-Ñandú\"\nroles = [\"AWSControlTowerExecution\"]\nusers = [\n{users}  {{ name = \"{long_name}\", created = \"-10d\", access_keys = [ {{ created = \"-1d\" }} ] }},\n]\n"
    );
    let emulator = Emulator::start(scenario(&text));
    let outcome = run_with(Some(&emulator.url()), &["--no-cloudtrail"], |_| {});
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
    assert_eq!(
        outcome.report("iam_users_report").len(),
        2501,
        "every page of 100 users"
    );
    let keys = outcome.report("iam_audit_report");
    assert_eq!(keys[0]["username"], long_name);
    assert_eq!(
        keys[0]["account_name"], "Evil\u{1b}[31m\u{7}Name-Ñandú",
        "reports keep the name as AWS has it"
    );
    assert!(
        !outcome.stdout.contains('\u{1b}') && !outcome.stdout.contains('\u{7}'),
        "the terminal gets no control characters"
    );
    assert!(
        outcome
            .stdout
            .contains("Auditing account: Evil[31mName-Ñandú (222222222222)")
    );
}
