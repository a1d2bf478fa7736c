//! Past one runner (issue 14): `audit --shard K/N` audits a stable third of the organization,
//! and `merge` of the three shards writes the reports a single run writes — every CSV row, every
//! JSON entry, every finding and error — on an organization with an unreadable account and a
//! run-level failure that every shard meets.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{Emulator, Outcome, run_with};
use iam_audit_emulator::{GeneratorOptions, Scenario, generate};
use serde_json::Value;

fn organization() -> Scenario {
    let mut scenario = generate(&GeneratorOptions {
        name: "sharded".to_string(),
        accounts: 14,
        users_per_account: 4,
        keys_per_account: 5,
        events_per_account: 2,
        ..GeneratorOptions::default()
    });
    let faults = Scenario::from_toml_str(
        r#"
[organization]
id = "o-x"
management_account = "111111111111"
[[accounts]]
id = "111111111111"
name = "M"
[[faults]]
action = "ListOrganizationsFeatures"
kind = "access_denied"
[[faults]]
action = "AssumeRole"
account = "200000000003"
kind = "access_denied"
"#,
    )
    .expect("faults");
    scenario.faults = faults.faults;
    scenario
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("readable")).expect("JSON")
}

/// The report's sections that describe the organization (the `run` section is about the run:
/// its times, options and call counts differ by nature).
fn sections(report: &Value) -> BTreeMap<&'static str, Value> {
    let mut findings = report["findings"].clone();
    for finding in findings.as_array_mut().into_iter().flatten() {
        // The run's own start, by definition different for two runs.
        finding["first_seen"] = Value::Null;
    }
    let mut users = report["users"].clone();
    for user in users.as_array_mut().into_iter().flatten() {
        // The usage window's start: the run's own "now" less the window.
        if user["usage"].is_object() {
            user["usage"]["tracked_since"] = Value::Null;
        }
    }
    [
        "accounts",
        "skipped_accounts",
        "access_keys",
        "cloudtrail_events",
        "root_accounts",
        "errors",
    ]
    .into_iter()
    .map(|key| (key, report[key].clone()))
    .chain([("findings", findings), ("users", users)])
    .collect()
}

/// A CSV report's rows, without the columns that hold the run's own start.
fn rows(outcome: &Outcome, prefix: &str) -> Vec<common::Row> {
    let mut rows = outcome.report(prefix);
    for row in &mut rows {
        row.remove("first_seen");
    }
    rows
}

#[test]
fn three_shards_merge_into_exactly_the_single_runs_reports() {
    let emulator = Emulator::start(organization());
    let single = run_with(
        Some(&emulator.url()),
        &["--format", "csv,json,html"],
        |_| {},
    );
    assert_eq!(
        single.code,
        2,
        "one account is unreadable: {}",
        single.all_output()
    );
    let home = tempfile::tempdir().expect("folder");
    let mut shard_reports = Vec::new();
    let mut audited = 0;
    for shard in ["1/3", "2/3", "3/3"] {
        let outcome = run_with(
            Some(&emulator.url()),
            &["--shard", shard, "--run-id", "weekly-1"],
            |_| {},
        );
        assert!(matches!(outcome.code, 0 | 2), "{}", outcome.all_output());
        let report = outcome.report_file(&format!("iam_audit_shard_{}_of_3", &shard[..1]), "json");
        let document = read(&report);
        assert_eq!(document["run"]["options"]["shard"], shard);
        assert_eq!(document["run"]["options"]["run_id"], "weekly-1");
        common::validate_json("iam-audit.schema.json", &report);
        assert!(
            document["collected"].is_object(),
            "a shard's report holds its run"
        );
        assert_eq!(
            common::report_files(&outcome.folder).len(),
            1,
            "only the JSON"
        );
        audited += document["accounts"].as_array().map_or(0, Vec::len);
        let kept = home.path().join(format!("shard-{}.json", &shard[..1]));
        std::fs::copy(&report, &kept).expect("copied");
        shard_reports.push(kept.display().to_string());
    }
    assert_eq!(audited, 15, "every account in exactly one shard");
    let mut arguments = vec!["merge"];
    arguments.extend(shard_reports.iter().map(String::as_str));
    arguments.extend(["--format", "csv,json,html"]);
    let merged = run_with(Some(&emulator.url()), &arguments, |_| {});
    assert_eq!(merged.code, 2, "{}", merged.all_output());
    common::validate_json(
        "iam-audit.schema.json",
        &merged.report_file("iam_audit", "json"),
    );

    assert_eq!(
        sections(&read(&merged.report_file("iam_audit", "json"))),
        sections(&read(&single.report_file("iam_audit", "json")))
    );
    for prefix in [
        "iam_audit_report",
        "iam_users_report",
        "cloudtrail_events",
        "findings",
        "root_audit_report",
        "audit_errors",
    ] {
        assert_eq!(rows(&merged, prefix), rows(&single, prefix), "{prefix}");
    }
    let totals = |outcome: &Outcome| {
        outcome
            .stdout
            .lines()
            .filter(|line| line.starts_with("Total") || line.starts_with("Findings:"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(totals(&merged), totals(&single));
    assert!(merged.has_report("iam_audit"));
    let merged_options = &read(&merged.report_file("iam_audit", "json"))["run"]["options"];
    assert_eq!(merged_options["run_id"], "weekly-1");
    assert_eq!(merged_options["iam_source"], "api");

    // Issue 19: shard 1 of another run, or a shard collected with other options, is refused
    // (exit 64, naming the shards), never merged into a run that neither made.
    let home_other = tempfile::tempdir().expect("folder");
    let other = |run_id: &str, options: &[&str], name: &str| {
        let mut arguments = vec!["--shard", "1/3", "--run-id", run_id];
        arguments.extend(options);
        let outcome = run_with(Some(&emulator.url()), &arguments, |_| {});
        let kept = home_other.path().join(name);
        std::fs::copy(outcome.report_file("iam_audit_shard_1_of_3", "json"), &kept)
            .expect("copied");
        kept.display().to_string()
    };
    let other_run = other("weekly-2", &[], "other-run.json");
    let other_options = other(
        "weekly-1",
        &["--iam-source", "credential-report", "--no-cloudtrail"],
        "other-options.json",
    );
    let mixed = run_with(
        None,
        &["merge", &other_run, &shard_reports[1], &shard_reports[2]],
        |_| {},
    );
    assert_eq!(mixed.code, 64, "{}", mixed.all_output());
    assert_eq!(
        mixed.stderr.trim(),
        "iam-audit: merge: shard 2/3 belongs to run weekly-1, not to run weekly-2 (shard 1/3): merge the shards of one run",
        "{}",
        mixed.all_output()
    );
    assert!(!mixed.has_report("iam_audit"), "nothing written");
    let options = run_with(
        None,
        &[
            "merge",
            &other_options,
            &shard_reports[1],
            &shard_reports[2],
        ],
        |_| {},
    );
    assert_eq!(options.code, 64, "{}", options.all_output());
    assert!(
        options.stderr.contains(
            "shard 2/3 was collected with iam_source api, shard 1/3 with credential-report"
        ),
        "{}",
        options.stderr
    );
    let named = run_with(
        None,
        &[
            "merge",
            "--run-id",
            "weekly-2",
            &shard_reports[0],
            &shard_reports[1],
            &shard_reports[2],
        ],
        |_| {},
    );
    assert_eq!(named.code, 64, "{}", named.all_output());
    assert!(
        named
            .stderr
            .contains("shard 1/3 belongs to run weekly-1, not to run weekly-2 (--run-id)"),
        "{}",
        named.stderr
    );

    // A missing or repeated shard is an error, never a smaller organization.
    let missing = run_with(
        None,
        &["merge", &shard_reports[0], &shard_reports[2]],
        |_| {},
    );
    assert_eq!(missing.code, 64, "{}", missing.all_output());
    assert!(
        missing.stderr.contains("shards 2/3 are missing"),
        "{}",
        missing.stderr
    );
    let repeated = run_with(
        None,
        &[
            "merge",
            &shard_reports[0],
            &shard_reports[1],
            &shard_reports[1],
            &shard_reports[2],
        ],
        |_| {},
    );
    assert_eq!(repeated.code, 64, "{}", repeated.all_output());
    assert!(
        repeated.stderr.contains("given twice"),
        "{}",
        repeated.stderr
    );
    let whole = single
        .report_file("iam_audit", "json")
        .display()
        .to_string();
    let not_a_shard = run_with(None, &["merge", &whole], |_| {});
    assert_eq!(not_a_shard.code, 64);
    assert!(
        not_a_shard.stderr.contains("--shard K/N"),
        "{}",
        not_a_shard.stderr
    );
}
