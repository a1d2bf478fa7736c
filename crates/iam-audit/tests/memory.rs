//! Memory that gaps cannot fool (issue 19): run-to-run comparison on the emulator, where a run
//! could not read an account, cut a list short, skipped a source, changed a threshold, met a user
//! recreated under an old name, or was merged from shards of other runs (tests/shards.rs). Each
//! scenario gave a wrong new/open/resolved answer before; each test here failed on that code.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use common::{Emulator, Outcome, run_raw};
use iam_audit_emulator::Scenario;
use serde_json::Value;

/// One week of a small organization. `beta_readable`: Beta's audit role exists. `alice`: the
/// user Alpha has as `alice` (`None`: none).
struct Week<'a> {
    beta_readable: bool,
    alice: Option<&'a str>,
    extra: &'a str,
}

impl Default for Week<'_> {
    fn default() -> Self {
        Week {
            beta_readable: true,
            alice: Some(ORIGINAL_ALICE),
            extra: "",
        }
    }
}

/// Alice as she was: a console user without MFA and an old key.
const ORIGINAL_ALICE: &str = r#"{ name = "alice", user_id = "AIDAALICEORIGINAL001", created = "-500d", password = { created = "-500d", last_used = "-2d" }, access_keys = [ { id = "AKIAALICEOLD00000001", created = "-300d", last_used = { date = "-1d", service = "s3", region = "us-east-1" } } ] }"#;
/// Alice deleted and created again yesterday under the same name: another user.
const RECREATED_ALICE: &str = r#"{ name = "alice", user_id = "AIDAALICERECREATED01", created = "-1d", password = { created = "-1d", last_used = "-1h" }, access_keys = [ { id = "AKIAALICENEW00000001", created = "-1d", last_used = { date = "-1h", service = "s3", region = "us-east-1" } } ] }"#;

fn organization(week: &Week<'_>) -> Scenario {
    let alice = week
        .alice
        .map(|alice| format!("{alice},"))
        .unwrap_or_default();
    let beta_roles = if week.beta_readable {
        r#"["AWSControlTowerExecution"]"#
    } else {
        "[]"
    };
    Scenario::from_toml_str(&format!(
        r#"
name = "memory"
[organization]
id = "o-memory"
management_account = "111111111111"

[[accounts]]
id = "111111111111"
name = "Management"
root = {{ mfa = "hardware" }}
events = [ {{ name = "ConsoleLogin", time = "-20d", username = "root", source_ip = "198.51.100.7", user_agent = "Mozilla/5.0" }} ]

[[accounts]]
id = "222222222222"
name = "Alpha"
roles = ["AWSControlTowerExecution"]
users = [
  {alice}
  {{ name = "steady", created = "-400d", access_keys = [ {{ id = "AKIASTEADY0000000001", created = "-300d", last_used = {{ date = "-1d", service = "s3", region = "us-east-1" }} }} ] }},
  {{ name = "zoe", created = "-400d", access_keys = [ {{ id = "AKIAZOE0000000000001", created = "-200d", last_used = {{ date = "-1d", service = "s3", region = "us-east-1" }} }} ] }},
]

[[accounts]]
id = "333333333333"
name = "Beta"
roles = {beta_roles}
users = [ {{ name = "bob", created = "-500d", access_keys = [ {{ id = "AKIABOB0000000000001", created = "-400d", last_used = {{ date = "-2d", service = "ec2", region = "us-east-1" }} }} ] }} ]

[[accounts]]
id = "444444444444"
name = "Gamma"
roles = ["AWSControlTowerExecution"]

{extra}
"#,
        extra = week.extra,
    ))
    .expect("a valid scenario")
}

/// A run of the audit against `week`, writing into `folder` (shared by the runs of one test, as
/// a scheduled audit's output folder is), with `arguments`.
fn audit(week: &Week<'_>, folder: &Path, arguments: &[&str]) -> Outcome {
    // Report names are stamped to the second: the next run must come in a later one.
    std::thread::sleep(Duration::from_millis(1100));
    let emulator = Emulator::start(organization(week));
    let folder = folder.display().to_string();
    let mut all = vec!["--output-dir", folder.as_str(), "--format", "json"];
    all.extend(arguments);
    run_raw(Some(&emulator.url()), &all, |_| {})
}

/// The newest JSON report in `folder`.
fn newest_report(folder: &Path) -> Value {
    let newest = common::report_files(folder)
        .into_iter()
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("iam_audit_2") && name.ends_with(".json"))
        })
        .max()
        .expect("a JSON report");
    serde_json::from_str(&std::fs::read_to_string(newest).expect("readable")).expect("JSON")
}

/// The finding of `rule` about `user`, from a report's `findings[]`.
fn finding<'a>(report: &'a Value, rule: &str, user: &str) -> &'a Value {
    report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|finding| finding["rule_id"] == rule && finding["user_name"] == user)
        .unwrap_or_else(|| panic!("no {rule} for {user}"))
}

/// `kind subject` of each credential or account change of a report.
fn changes(report: &Value) -> BTreeSet<String> {
    report["changes"]["credentials"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|change| {
            format!(
                "{} {}",
                change["kind"].as_str().unwrap_or_default(),
                change["credential"]
                    .as_str()
                    .or(change["user_name"].as_str())
                    .or(change["account_id"].as_str())
                    .unwrap_or_default()
            )
        })
        .collect()
}

/// `rule user` of a list of finding records.
fn described(list: &Value) -> BTreeSet<String> {
    list.as_array()
        .into_iter()
        .flatten()
        .map(|finding| {
            format!(
                "{} {}",
                finding["rule_id"].as_str().unwrap_or_default(),
                finding["user_name"].as_str().unwrap_or("-")
            )
        })
        .collect()
}

fn since_line(outcome: &Outcome) -> String {
    outcome
        .stdout
        .lines()
        .find(|line| line.starts_with("since "))
        .unwrap_or_default()
        .to_string()
}

/// Issue 19, 1: a run that cannot read Beta, then a run that can: Beta's findings are open since the first
/// run, not new; the same after an `--accounts` run that skipped Beta.
#[test]
fn one_unreadable_run_does_not_erase_the_memory() {
    let folder = tempfile::tempdir().expect("folder");
    let folder = folder.path();
    let first = audit(&Week::default(), folder, &["--no-cloudtrail"]);
    assert_eq!(first.code, 0, "{}", first.all_output());
    let first_started = newest_report(folder)["run"]["started_at"].clone();
    let unreadable = Week {
        beta_readable: false,
        ..Week::default()
    };
    let second = audit(
        &unreadable,
        folder,
        &["--no-cloudtrail", "--baseline", "auto"],
    );
    assert_eq!(second.code, 2, "{}", second.all_output());
    assert_eq!(
        described(&newest_report(folder)["changes"]["findings"]["unknown"]),
        BTreeSet::from([
            "AAN001 -".to_string(),
            "KEY001 bob".to_string(),
            "POL004 -".to_string(),
            "PWP001 -".to_string(),
            // bob's key was not used in 90 days (issue 24).
            "USE002 bob".to_string()
        ])
    );
    let third = audit(
        &Week::default(),
        folder,
        &[
            "--no-cloudtrail",
            "--baseline",
            "auto",
            "--fail-on-new",
            "high",
        ],
    );
    assert_eq!(third.code, 0, "nothing is new: {}", third.all_output());
    assert!(
        since_line(&third).contains(": 0 new (0 critical), 1 resolved"),
        "{}",
        third.stdout
    );
    let report = newest_report(folder);
    assert_eq!(
        described(&report["changes"]["findings"]["resolved"]),
        BTreeSet::from(["AUD001 -".to_string()]),
        "only the gap itself is gone"
    );
    let bob = finding(&report, "KEY001", "bob");
    assert_eq!(bob["status"], "open");
    assert_eq!(
        bob["first_seen"], first_started,
        "first seen in the first run"
    );

    // An ad-hoc run of Alpha alone in the same folder, then the scheduled run again.
    let adhoc = audit(
        &Week::default(),
        folder,
        &[
            "--no-cloudtrail",
            "--baseline",
            "auto",
            "--accounts",
            "222222222222",
        ],
    );
    assert_eq!(adhoc.code, 0, "{}", adhoc.all_output());
    assert!(
        described(&newest_report(folder)["changes"]["findings"]["unknown"]).contains("KEY001 bob"),
        "Beta was not audited: its findings are not judged"
    );
    let fifth = audit(
        &Week::default(),
        folder,
        &[
            "--no-cloudtrail",
            "--baseline",
            "auto",
            "--fail-on-new",
            "high",
        ],
    );
    assert_eq!(fifth.code, 0, "nothing is new: {}", fifth.all_output());
    let report = newest_report(folder);
    assert_eq!(report["changes"]["summary"]["new"], 0, "{}", fifth.stdout);
    let bob = finding(&report, "KEY001", "bob");
    assert_eq!(bob["status"], "open");
    assert_eq!(bob["first_seen"], first_started);
}

/// Issue 19, 2: a user list or an account list cut after its first page says nothing of what came after
/// the cut: no user or key deleted, no account added.
#[test]
fn a_cut_list_invents_no_deletions_or_additions() {
    let folder = tempfile::tempdir().expect("folder");
    let folder = folder.path();
    let pages = "[settings.page_size]\nlist_users = 1\nlist_accounts = 2\n";
    let whole = Week {
        extra: pages,
        ..Week::default()
    };
    let first = audit(&whole, folder, &["--no-cloudtrail"]);
    assert_eq!(first.code, 0, "{}", first.all_output());
    let users_cut = format!(
        "{pages}[[faults]]\naction = \"ListUsers\"\naccount = \"222222222222\"\nkind = \"access_denied\"\nafter = 1\n"
    );
    let cut = Week {
        extra: &users_cut,
        ..Week::default()
    };
    let second = audit(&cut, folder, &["--no-cloudtrail", "--baseline", "auto"]);
    assert_eq!(second.code, 2, "{}", second.all_output());
    let report = newest_report(folder);
    assert_eq!(
        changes(&report),
        BTreeSet::new(),
        "Alpha's users after the first page were not read, not deleted"
    );
    assert!(
        described(&report["changes"]["findings"]["resolved"]).is_empty(),
        "{}",
        report["changes"]["findings"]
    );

    // A baseline whose account list was cut after its first page, then a complete run.
    let accounts_cut = format!(
        "{pages}[[faults]]\naction = \"ListAccounts\"\nkind = \"server_error\"\nstatus = 500\nafter = 1\n"
    );
    let cut = Week {
        extra: &accounts_cut,
        ..Week::default()
    };
    let third = audit(&cut, folder, &["--no-cloudtrail", "--max-attempts", "1"]);
    assert_eq!(third.code, 2, "{}", third.all_output());
    let fourth = audit(&whole, folder, &["--no-cloudtrail", "--baseline", "auto"]);
    assert_eq!(fourth.code, 0, "{}", fourth.all_output());
    let report = newest_report(folder);
    assert!(
        !changes(&report)
            .iter()
            .any(|change| change.starts_with("account_added")),
        "the accounts were always there: {:?}",
        changes(&report)
    );
}

/// Issue 19, 3: a run without CloudTrail, or with other thresholds, resolves nothing its rules could not
/// judge: ROOT004 is not judged, KEY001 is gone with changed settings, neither resolved.
#[test]
fn a_source_not_read_or_a_changed_setting_resolves_nothing() {
    let folder = tempfile::tempdir().expect("folder");
    let folder = folder.path();
    let first = audit(&Week::default(), folder, &[]);
    assert_eq!(first.code, 0, "{}", first.all_output());
    assert!(
        newest_report(folder)["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|finding| finding["rule_id"] == "ROOT004")
    );
    let config = folder.join("lenient.toml");
    std::fs::write(&config, "[thresholds]\nkey_rotation_days = 1000\nkey_age_high_days = 1000\nkey_age_critical_days = 1000\n")
        .expect("config");
    let config = config.display().to_string();
    let second = audit(
        &Week::default(),
        folder,
        &["--no-cloudtrail", "--baseline", "auto", "--config", &config],
    );
    assert_eq!(second.code, 0, "{}", second.all_output());
    let report = newest_report(folder);
    let gone = &report["changes"]["findings"];
    assert_eq!(described(&gone["resolved"]), BTreeSet::new(), "{gone}");
    assert_eq!(
        described(&gone["unknown"]),
        BTreeSet::from(["ROOT004 -".to_string()])
    );
    assert!(
        gone["unknown"][0]["reason"]
            .as_str()
            .is_some_and(|reason| reason.contains("--no-cloudtrail")),
        "{gone}"
    );
    assert_eq!(
        described(&gone["settings_changed"]),
        BTreeSet::from([
            "KEY001 alice".to_string(),
            "KEY001 bob".to_string(),
            "KEY001 steady".to_string(),
            "KEY001 zoe".to_string()
        ])
    );
    assert!(
        gone["settings_changed"][0]["reason"]
            .as_str()
            .is_some_and(|reason| reason.contains("key_rotation_days 90 \u{2192} 1000")),
        "{gone}"
    );
    assert!(
        since_line(&second).contains(", 0 resolved"),
        "{}",
        second.stdout
    );
    // Not collected is null, not 0.
    assert!(
        report["accounts"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|account| account["cloudtrail_events"].is_null())
    );

    // A shorter window no longer covers the sign-in 20 days ago: not judged either.
    let third = audit(&Week::default(), folder, &["--cloudtrail-days", "90"]);
    assert_eq!(third.code, 0, "{}", third.all_output());
    let fourth = audit(
        &Week::default(),
        folder,
        &["--cloudtrail-days", "10", "--baseline", "auto"],
    );
    assert_eq!(fourth.code, 0, "{}", fourth.all_output());
    let gone = &newest_report(folder)["changes"]["findings"];
    assert_eq!(described(&gone["resolved"]), BTreeSet::new(), "{gone}");
    assert!(
        gone["unknown"][0]["reason"]
            .as_str()
            .is_some_and(|reason| reason.contains("10 days of CloudTrail, the older 90")),
        "{gone}"
    );
}

/// Issue 19, 4: Alice deleted and created again under her name is another user: her findings are new
/// (first seen no earlier than her creation), and the changes say deleted and created, never a
/// key rotation or a privilege change.
#[test]
fn a_recreated_user_is_another_user() {
    let folder = tempfile::tempdir().expect("folder");
    let folder = folder.path();
    let first = audit(&Week::default(), folder, &["--no-cloudtrail"]);
    assert_eq!(first.code, 0, "{}", first.all_output());
    let recreated = Week {
        alice: Some(RECREATED_ALICE),
        ..Week::default()
    };
    let second = audit(
        &recreated,
        folder,
        &[
            "--no-cloudtrail",
            "--baseline",
            "auto",
            "--fail-on-new",
            "high",
        ],
    );
    let report = newest_report(folder);
    let password = finding(&report, "PWD001", "alice");
    assert_eq!(password["status"], "new", "{password}");
    assert_eq!(
        second.code,
        1,
        "a new high finding: {}",
        second.all_output()
    );
    let created = report["users"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|user| user["user_name"] == "alice")
        .map(|user| user["created"].clone())
        .expect("alice");
    assert!(
        password["first_seen"].as_str() >= created.as_str(),
        "{password} {created}"
    );
    assert_eq!(
        changes(&report),
        BTreeSet::from([
            "user_deleted alice".to_string(),
            "user_created alice".to_string(),
            "key_deleted 222222222222/alice/AKIAALICEOLD00000001".to_string(),
            "key_created 222222222222/alice/AKIAALICENEW00000001".to_string(),
        ])
    );
    assert!(
        described(&report["changes"]["findings"]["resolved"]).contains("PWD001 alice"),
        "the old alice's finding went with her"
    );
}

/// The same user under the credential report path: its id comes from the authorization details
/// (the report has none), so the two paths agree on who a user is.
#[test]
fn the_credential_report_path_knows_the_users_id() {
    let emulator = Emulator::start(organization(&Week::default()));
    let folder = tempfile::tempdir().expect("folder");
    let output = folder.path().display().to_string();
    let outcome = run_raw(
        Some(&emulator.url()),
        &[
            "--output-dir",
            &output,
            "--format",
            "json",
            "--no-cloudtrail",
            "--iam-source",
            "credential-report",
        ],
        |_| {},
    );
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
    let report = newest_report(folder.path());
    let alice = report["users"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|user| user["user_name"] == "alice")
        .cloned()
        .expect("alice");
    assert_eq!(alice["user_id"], "AIDAALICEORIGINAL001");
}
