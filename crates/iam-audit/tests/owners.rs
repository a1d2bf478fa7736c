//! Issue 25 end to end: whose each credential is and where its account sits (owners, OU paths),
//! per-team routes, SLAs and the trend. Against moto's server (a tree of OUs, account tags, user
//! tags, Secrets Manager and two local Slack receivers) and against the project's emulator (the
//! demo organization, whose users and keys are backdated, for the SLA's first sightings).
//!
//! The moto test fails, never skips, when moto is missing: run `scripts/test`, which installs it.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use common::moto::{Moto, venv_tool};
use common::slack::Slack;
use common::{Emulator, run_with};
use serde_json::Value;

fn read_json(path: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("report readable")).expect("JSON")
}

/// The "Findings:" line of a digest: `critical N · high N · …` as counts by severity.
fn digest_counts(summary: &str) -> BTreeMap<String, usize> {
    let line = summary
        .lines()
        .find(|line| line.contains("critical") && line.contains(" · "))
        .unwrap_or_else(|| panic!("no counts line in {summary}"));
    line.rsplit("* ")
        .next()
        .unwrap_or(line)
        .split(" · ")
        .filter_map(|part| {
            let (name, count) = part.trim().rsplit_once(' ')?;
            Some((name.to_string(), count.parse().ok()?))
        })
        .collect()
}

fn counts_of<'a>(findings: impl Iterator<Item = &'a Value>) -> BTreeMap<String, usize> {
    let mut counts: BTreeMap<String, usize> = ["critical", "high", "medium", "low", "info"]
        .iter()
        .map(|severity| (severity.to_string(), 0))
        .collect();
    for finding in findings {
        *counts
            .entry(finding["severity"].as_str().unwrap_or_default().to_string())
            .or_default() += 1;
    }
    counts
}

#[test]
fn owners_and_ou_paths_are_exact_and_each_route_gets_its_own_findings() {
    let moto = Moto::start();
    let slack_ou = Slack::start(vec![]);
    let slack_owner = Slack::start(vec![]);
    let setup = Command::new(venv_tool("IAM_AUDIT_TEST_PYTHON", "python"))
        .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/moto/setup_owners.py"))
        .args([&moto.url, &slack_ou.url, &slack_owner.url])
        .env("NO_PROXY", "127.0.0.1,localhost")
        .output()
        .expect("the setup script runs");
    assert!(
        setup.status.success(),
        "setup failed: {}",
        String::from_utf8_lossy(&setup.stderr)
    );
    let made: Value = serde_json::from_slice(&setup.stdout).expect("setup prints JSON");
    let payments = made["accounts"]["Payments"]
        .as_str()
        .expect("Payments")
        .to_string();
    let sandbox = made["accounts"]["Sandbox"]
        .as_str()
        .expect("Sandbox")
        .to_string();
    let folder = tempfile::tempdir().expect("temporary folder");
    let config = folder.path().join("owners.toml");
    std::fs::write(
        &config,
        format!(
            "[owners]\nuser_tags = [\"owner\", \"team\", \"email\"]\naccount_tags = [\"owner\"]\n\n\
             [[routes]]\nou = \"Root/Production/*\"\nnotify = [\"slack:{}\"]\n\n\
             [[routes]]\nowner = \"carol\"\nnotify = [\"slack:{}\"]\n\n\
             [[routes]]\nowner = \"nobody-owns-this\"\nnotify = [\"slack:{}\"]\n",
            made["secret_ou"].as_str().unwrap_or_default(),
            made["secret_owner"].as_str().unwrap_or_default(),
            made["secret_owner"].as_str().unwrap_or_default(),
        ),
    )
    .expect("config written");
    let outcome = run_with(
        Some(&moto.url),
        &[
            "--no-cloudtrail",
            "--lang",
            "en",
            "--format",
            "csv,json,html",
            "--config",
            config.to_str().unwrap_or_default(),
            "-vv",
        ],
        |command| {
            command.env("AWS_MAX_ATTEMPTS", "1");
        },
    );
    // moto answers IAM Access Analyzer with a 500: the run is incomplete (exit 2), the rest read.
    assert_eq!(outcome.code, 2, "{}", outcome.all_output());
    let report = read_json(&outcome.report_file("iam_audit", "json"));
    common::validate_json(
        "iam-audit.schema.json",
        &outcome.report_file("iam_audit", "json"),
    );

    // OU paths, with OU names, and the accounts' tags.
    let accounts: BTreeMap<String, &Value> = report["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .map(|account| {
            (
                account["id"].as_str().unwrap_or_default().to_string(),
                account,
            )
        })
        .collect();
    assert_eq!(accounts[&payments]["ou_path"], "Root/Production/Cards");
    assert_eq!(accounts[&sandbox]["ou_path"], "Root/Development");
    assert_eq!(accounts["123456789012"]["ou_path"], "Root");
    assert_eq!(accounts[&payments]["tags"]["owner"], "payments-team");
    assert_eq!(accounts[&payments]["tags"]["cost-center"], "CC-1");
    assert_eq!(accounts[&sandbox]["tags"], serde_json::json!({}));

    // Owners: the first user tag present, then the account's tag, else none.
    let owners: BTreeMap<(String, String), Value> = report["users"]
        .as_array()
        .expect("users")
        .iter()
        .map(|user| {
            (
                (
                    user["account_id"].as_str().unwrap_or_default().to_string(),
                    user["user_name"].as_str().unwrap_or_default().to_string(),
                ),
                user["owner"].clone(),
            )
        })
        .collect();
    let owner =
        |account: &str, user: &str| owners[&(account.to_string(), user.to_string())].clone();
    assert_eq!(owner(&payments, "ci-deploy"), "carol");
    assert_eq!(owner(&payments, "alice"), "platform");
    assert_eq!(owner(&payments, "legacy"), "payments-team");
    assert_eq!(owner(&sandbox, "dev"), "dave@example.com");
    assert_eq!(owner(&sandbox, "tester"), Value::Null);

    // Every finding carries its account's path and its user's (or account's) owner.
    let findings = report["findings"].as_array().expect("findings");
    for finding in findings {
        let account = finding["account_id"].as_str().unwrap_or_default();
        assert_eq!(
            finding["ou_path"], accounts[account]["ou_path"],
            "{finding}"
        );
        let expected = match finding["user_name"].as_str() {
            Some(user) if owners.contains_key(&(account.to_string(), user.to_string())) => {
                owner(account, user)
            }
            _ if account == payments => Value::from("payments-team"),
            _ => Value::Null,
        };
        assert_eq!(finding["owner"], expected, "{finding}");
        assert_eq!(finding["due"], Value::Null, "no [sla]: no due date");
        assert_eq!(finding["overdue"], Value::Null);
    }
    let rows = outcome.report("findings");
    assert_eq!(rows.len(), findings.len());
    for (row, finding) in rows.iter().zip(findings) {
        assert_eq!(row["owner"], finding["owner"].as_str().unwrap_or_default());
        assert_eq!(
            row["ou_path"],
            finding["ou_path"].as_str().unwrap_or_default()
        );
    }
    let users = outcome.report("iam_users_report");
    let carol = users
        .iter()
        .find(|row| row["username"] == "ci-deploy")
        .expect("ci-deploy's row");
    assert_eq!(carol["owner"], "carol");
    assert_eq!(carol["ou_path"], "Root/Production/Cards");

    // Each route receives exactly its own findings: by OU glob, by owner; the third has none
    // and, without notify_empty, sends nothing.
    let unsuppressed = || {
        findings
            .iter()
            .filter(|finding| finding["suppression"].is_null())
    };
    let by_ou: Vec<&Value> = unsuppressed()
        .filter(|finding| {
            finding["ou_path"]
                .as_str()
                .is_some_and(|path| path.starts_with("Root/Production/"))
        })
        .collect();
    let by_owner: Vec<&Value> = unsuppressed()
        .filter(|finding| finding["owner"] == "carol")
        .collect();
    assert!(!by_owner.is_empty() && by_owner.len() < by_ou.len());
    for (slack, expected, name) in [
        (&slack_ou, &by_ou, "line 5"),
        (&slack_owner, &by_owner, "line 9"),
    ] {
        let bodies = slack.bodies.lock().expect("lock").clone();
        assert_eq!(bodies.len(), 1, "one digest per route: {bodies:?}");
        let message: Value = serde_json::from_str(&bodies[0]).expect("Block Kit JSON");
        let blocks = message["blocks"].as_array().expect("blocks");
        let title = blocks[0]["text"]["text"].as_str().unwrap_or_default();
        assert!(title.contains(name), "{title}");
        let summary = blocks[1]["text"]["text"].as_str().unwrap_or_default();
        assert_eq!(
            digest_counts(summary),
            counts_of(expected.iter().copied()),
            "{summary}"
        );
        let listed = blocks[2]["text"]["text"].as_str().unwrap_or_default();
        assert_eq!(
            listed.lines().count(),
            1 + expected.len().min(20),
            "{listed}"
        );
        for line in listed.lines().skip(1) {
            assert!(line.contains("Payments /"), "{line}");
            if name == "line 9" {
                assert!(line.contains("Payments / ci-deploy"), "{line}");
            }
        }
    }
    let notifications = report["run"]["delivery"]["notifications"]
        .as_array()
        .expect("notifications");
    assert_eq!(notifications.len(), 2, "{notifications:?}");
    assert_eq!(notifications[0]["route"], 5);
    assert_eq!(notifications[0]["findings"], by_ou.len());
    assert_eq!(notifications[1]["route"], 9);
    assert_eq!(notifications[1]["findings"], by_owner.len());
    assert!(notifications.iter().all(|notified| {
        notified["delivered"] == true
            && notified["target"]
                .as_str()
                .is_some_and(|target| target.starts_with("slack:arn:aws:secretsmanager:"))
    }));

    // No webhook URL anywhere: console at -vv, every report.
    let mut everything = outcome.all_output();
    for path in common::report_files(&outcome.folder) {
        everything.push_str(&std::fs::read_to_string(path).unwrap_or_default());
    }
    assert!(
        !everything.contains("xoxb-do-not-leak"),
        "the webhook leaked"
    );
    assert!(
        !everything.contains("T000/B000"),
        "the webhook's path leaked"
    );
    // The HTML filters by OU and by owner.
    let page = std::fs::read_to_string(outcome.report_file("iam_audit", "html")).expect("page");
    assert!(page.contains("<option value=\"Root/Production/Cards\">"));
    assert!(page.contains("<option value=\"carol\">"));
}

/// Days of each severity's SLA in the test's `[sla]`.
const SLA: [(&str, i64); 4] = [("critical", 7), ("high", 30), ("medium", 90), ("low", 180)];

fn time(value: &Value) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(value.as_str().unwrap_or_default())
        .map(|time| time.with_timezone(&chrono::Utc))
        .unwrap_or_else(|_| panic!("a time: {value}"))
}

#[test]
fn against_a_baseline_first_seen_60_days_ago_overdue_follows_each_severitys_sla() {
    let emulator = Emulator::start(iam_audit_emulator::demo_scenario());
    let first = run_with(
        Some(&emulator.url()),
        &["--lang", "en", "--format", "json"],
        |_| {},
    );
    assert_eq!(first.code, 0, "{}", first.all_output());
    // The baseline: every finding first seen 60 days before the first run.
    let mut baseline = read_json(&first.report_file("iam_audit", "json"));
    let sixty_days_ago = time(&baseline["run"]["started_at"]) - chrono::Duration::days(60);
    for finding in baseline["findings"].as_array_mut().expect("findings") {
        finding["first_seen"] = Value::from(common::rfc3339(sixty_days_ago));
    }
    let folder = tempfile::tempdir().expect("temporary folder");
    let baseline_path = folder.path().join("baseline.json");
    std::fs::write(&baseline_path, baseline.to_string()).expect("baseline written");
    let config = folder.path().join("sla.toml");
    std::fs::write(
        &config,
        "[sla]\ncritical = 7\nhigh = 30\nmedium = 90\nlow = 180\n",
    )
    .expect("config written");
    let second = run_with(
        Some(&emulator.url()),
        &[
            "--lang",
            "en",
            "--format",
            "json,csv,html",
            "--baseline",
            baseline_path.to_str().unwrap_or_default(),
            "--config",
            config.to_str().unwrap_or_default(),
            "--fail-on-overdue",
            "high",
        ],
        |_| {},
    );
    assert_eq!(
        second.code,
        1,
        "overdue high findings: {}",
        second.all_output()
    );
    let report = read_json(&second.report_file("iam_audit", "json"));
    let now = time(&report["run"]["started_at"]);
    let mut overdue: BTreeMap<String, usize> = BTreeMap::new();
    let mut sixty_days_old = 0;
    for finding in report["findings"].as_array().expect("findings") {
        let severity = finding["severity"].as_str().unwrap_or_default();
        let first_seen = time(&finding["first_seen"]);
        match SLA.iter().find(|(name, _)| *name == severity) {
            Some((_, days)) if finding["suppression"].is_null() => {
                let due = first_seen + chrono::Duration::days(*days);
                assert_eq!(time(&finding["due"]), due, "{finding}");
                assert_eq!(finding["overdue"], now > due, "{finding}");
                if first_seen == sixty_days_ago {
                    sixty_days_old += 1;
                    // 60 days open: past 7 and 30, within 90 and 180.
                    assert_eq!(
                        finding["overdue"],
                        matches!(severity, "critical" | "high"),
                        "{finding}"
                    );
                }
                if finding["overdue"] == true {
                    *overdue.entry(severity.to_string()).or_default() += 1;
                }
            }
            _ => {
                assert_eq!(finding["due"], Value::Null, "{finding}");
                assert_eq!(finding["overdue"], Value::Null, "{finding}");
            }
        }
    }
    assert!(
        sixty_days_old > 50,
        "most findings carry the baseline's date"
    );
    assert!(overdue.contains_key("critical") && overdue.contains_key("high"));
    assert!(!overdue.contains_key("medium") && !overdue.contains_key("low"));
    let line = format!(
        "overdue: {} critical, {} high",
        overdue["critical"], overdue["high"]
    );
    assert!(second.stdout.contains(&line), "{line} in {}", second.stdout);
    assert!(second.stderr.contains(&format!(
        "{} overdue findings at or above high (--fail-on-overdue): exit code 1.",
        overdue["critical"] + overdue["high"]
    )));
    // The CSV agrees, and the page marks and filters them.
    let rows = second.report("findings");
    let marked = rows.iter().filter(|row| row["overdue"] == "true").count();
    assert_eq!(marked, overdue.values().sum::<usize>());
    let page = std::fs::read_to_string(second.report_file("iam_audit", "html")).expect("page");
    assert_eq!(
        page.matches("data-overdue=\"true\"").count(),
        overdue.values().sum::<usize>()
    );
    assert!(page.contains("id=\"finding-overdue\""));
}

#[test]
fn two_runs_in_one_folder_leave_a_two_line_history_and_a_trend_chart() {
    let emulator = Emulator::start(iam_audit_emulator::demo_scenario());
    let folder = tempfile::tempdir().expect("temporary folder");
    let output = folder.path().join("reports");
    let audit = |extra: &[&str]| {
        let (mut command, _home) = common::command(Some(&emulator.url()));
        command
            .args(["--lang", "en", "--format", "json,html", "--output-dir"])
            .arg(&output)
            .args(extra);
        let result = command.output().expect("the binary runs");
        assert_eq!(
            result.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&result.stderr)
        );
    };
    audit(&[]);
    // The report stamp is per second: the second run must not overwrite the first's files.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    audit(&["--baseline", "auto"]);
    let history = std::fs::read_to_string(output.join("history.jsonl")).expect("history");
    let lines: Vec<Value> = history
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 2, "{history}");
    assert_eq!(
        lines[0]["new"],
        Value::Null,
        "the first run had no baseline"
    );
    assert_eq!(lines[1]["new"], 0);
    assert_eq!(lines[1]["resolved"], 0);
    let mut reports: Vec<PathBuf> = common::report_files(&output)
        .into_iter()
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
                && path
                    .file_name()
                    .is_some_and(|name| name.to_string_lossy().starts_with("iam_audit_2"))
        })
        .collect();
    reports.sort();
    assert_eq!(reports.len(), 2);
    for (line, report) in lines.iter().zip(&reports) {
        let report = read_json(report);
        let counts = counts_of(
            report["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .filter(|finding| finding["suppression"].is_null()),
        );
        for (severity, count) in &counts {
            assert_eq!(line[severity.as_str()], *count, "{severity}");
        }
        assert_eq!(line["date"], report["run"]["started_at"]);
        assert_eq!(line["accounts_audited"], 4);
        assert_eq!(line["accounts_incomplete"], 0);
        assert_eq!(line["complete"], true);
    }
    // The newest page draws both runs: one line per severity, two points each, inline SVG.
    let mut pages: Vec<PathBuf> = common::report_files(&output)
        .into_iter()
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "html")
        })
        .collect();
    pages.sort();
    assert_eq!(pages.len(), 2);
    let page = std::fs::read_to_string(&pages[1]).expect("page");
    let trend = &page[page
        .find("<section class=\"trend\">")
        .expect("a trend section")..];
    let trend = &trend[..trend.find("</section>").unwrap_or(trend.len())];
    assert_eq!(trend.matches("<polyline").count(), 5);
    assert_eq!(trend.matches("<circle").count(), 10);
    assert!(!trend.contains("class=\"incomplete\""));
    assert!(!page.contains("<script src"), "nothing fetched");
    if let Ok(copy) = std::env::var("IAM_AUDIT_TEST_KEEP_TREND_PAGE") {
        std::fs::copy(&pages[1], copy).expect("page kept");
    }
    // `iam-audit trend FOLDER` prints the same two runs.
    let (mut command, _home) = common::command(None);
    let printed = command
        .arg("trend")
        .arg(&output)
        .output()
        .expect("the binary runs");
    assert_eq!(printed.status.code(), Some(0));
    let table = String::from_utf8_lossy(&printed.stdout);
    assert_eq!(table.lines().count(), 3, "{table}");
    assert!(table.lines().nth(1).is_some_and(|row| row.ends_with("yes")));
}
