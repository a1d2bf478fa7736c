//! Snapshot tests of the contracts a user or a pipeline reads: the demo's reports, the rule
//! catalogue and one rule's documentation, `--help`, the CSV column lists and the rule ids. A
//! change to any of them shows up as a reviewable diff in `tests/snapshots/` (accept it with
//! `INSTA_UPDATE=always cargo test -p iam-audit --test snapshots`, or `cargo insta review`).
//!
//! Filters replace what differs from run to run: times, report timestamps, session names, ports,
//! temporary folders and call counts. Everything else (ids, ages, findings, evidence) is the
//! demo organization's and must not move.

mod common;

use std::path::Path;

/// Filters for values that change between runs.
fn filters() -> Vec<(&'static str, &'static str)> {
    vec![
        (r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", "[TIME]"),
        (r"_\d{8}_\d{6}", "_[STAMP]"),
        // A certificate's expiry is in its body, a fixed date: the days to it change every day.
        (
            r"(signing_certificate,[^\n]*,\[TIME\],\[TIME\],,\d+,)-?\d+",
            "${1}[DAYS]",
        ),
        (r"iam-audit-\d{8}T\d{6}Z", "iam-audit-[SESSION]"),
        (r"127\.0\.0\.1:\d+", "127.0.0.1:[PORT]"),
        (r#""(api_calls|retries)": \d+"#, r#""$1": [N]"#),
        (
            r#""tool_version": "[^"]+""#,
            r#""tool_version": "[VERSION]""#,
        ),
    ]
}

/// Runs the binary with `arguments` in a bare environment; its stdout.
fn stdout_of(arguments: &[&str]) -> String {
    let (mut command, _home) = common::command(None);
    let output = command
        .args(arguments)
        .env("COLUMNS", "100")
        .output()
        .expect("the binary runs");
    assert!(output.status.success(), "{arguments:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The demo's reports, one snapshot each (CSV and JSON), with the folder's name filtered.
#[test]
fn the_demo_reports() {
    let (mut command, home) = common::command(None);
    let folder = home.path().join("demo");
    let output = command
        .args([
            "demo",
            "--lang",
            "en",
            "--format",
            "csv,json",
            "--output-dir",
        ])
        .arg(&folder)
        .output()
        .expect("the demo runs");
    assert_eq!(output.status.code(), Some(0));
    let folder_name = folder.display().to_string();
    let mut settings = insta::Settings::clone_current();
    for (pattern, replacement) in filters() {
        settings.add_filter(pattern, replacement);
    }
    settings.add_filter(&regex_escape(&folder_name), "[FOLDER]");
    settings.bind(|| {
        insta::assert_snapshot!(
            "demo_console",
            in_account_order(&String::from_utf8_lossy(&output.stdout))
        );
        for path in common::report_files(&folder) {
            let name = report_name(&path);
            let content = std::fs::read_to_string(&path).expect("a report");
            insta::assert_snapshot!(format!("demo_{name}"), content);
        }
    });
}

/// The console with its per-account lines sorted: accounts are audited concurrently, so those
/// lines come in the order the audits start.
fn in_account_order(console: &str) -> String {
    let (mut accounts, rest): (Vec<&str>, Vec<&str>) = console
        .lines()
        .partition(|line| line.starts_with("Auditing account: "));
    accounts.sort_unstable();
    accounts.extend(rest);
    accounts.join("\n")
}

/// `iam_audit_report_20261130_101010.csv` gives `iam_audit_report.csv`.
fn report_name(path: &Path) -> String {
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default();
    let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
    let prefix = stem.rsplitn(3, '_').nth(2).unwrap_or(stem);
    format!("{prefix}.{extension}")
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .map(|character| {
            if character.is_ascii_alphanumeric() || character == '/' || character == '_' {
                character.to_string()
            } else {
                format!("\\{character}")
            }
        })
        .collect()
}

#[test]
fn the_rule_catalogue_and_one_rules_documentation() {
    insta::assert_snapshot!("rules", stdout_of(&["rules"]));
    insta::assert_snapshot!("explain_key001", stdout_of(&["explain", "KEY001"]));
    // --lang chooses the titles' language, as for every other command; KEY001's severity rises
    // with the key's age, and the catalogue says so.
    let spanish = stdout_of(&["explain", "KEY001", "--lang", "es"]);
    assert!(
        spanish.starts_with("# KEY001 access-key-not-rotated — Access key activa sin rotar"),
        "{spanish}"
    );
    assert!(spanish.contains("Severity: medium-critical"), "{spanish}");
    assert!(
        stdout_of(&["rules", "--lang", "es"]).contains("Access key activa sin rotar en 90 días")
    );
}

#[test]
fn the_help_texts() {
    insta::assert_snapshot!("help", stdout_of(&["--help"]));
    for command in ["audit", "demo", "doctor", "policy"] {
        insta::assert_snapshot!(format!("help_{command}"), stdout_of(&[command, "--help"]));
    }
}

/// The CSV column lists and the rule ids (and names), the contracts most often read by code.
#[test]
fn the_column_lists_and_rule_ids() {
    use iam_audit_report::csv::{
        COMPLIANCE_COLUMNS, CREDENTIAL_COLUMNS, ERROR_COLUMNS, EVENT_COLUMNS, EXPOSED_KEY_COLUMNS,
        FINDING_COLUMNS, KEY_COLUMNS, ROOT_COLUMNS, USER_COLUMNS,
    };
    let columns = [
        ("iam_audit_report", &KEY_COLUMNS[..]),
        ("iam_users_report", &USER_COLUMNS[..]),
        ("credentials_report", &CREDENTIAL_COLUMNS[..]),
        ("cloudtrail_events", &EVENT_COLUMNS[..]),
        ("findings", &FINDING_COLUMNS[..]),
        ("root_audit_report", &ROOT_COLUMNS[..]),
        ("audit_errors", &ERROR_COLUMNS[..]),
        ("exposed_keys", &EXPOSED_KEY_COLUMNS[..]),
        ("compliance", &COMPLIANCE_COLUMNS[..]),
    ]
    .iter()
    .map(|(report, columns)| format!("{report}: {}", columns.join(", ")))
    .collect::<Vec<_>>()
    .join("\n");
    insta::assert_snapshot!("csv_columns", columns);
    let rules = iam_audit_rules::RULES
        .iter()
        .map(|rule| format!("{} {} {}", rule.id, rule.name, rule.severity.as_str()))
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("rule_ids", rules);
    // Keeps the binary honest with the library: `rules` lists the same ids.
    let listed = stdout_of(&["rules"]);
    for rule in iam_audit_rules::RULES {
        assert!(listed.contains(rule.id), "{}", rule.id);
    }
}
