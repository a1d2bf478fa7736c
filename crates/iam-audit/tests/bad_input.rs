//! Bad input, tried everywhere (issue 20): every row of docs/reliability.md's bad-input table is
//! run here, so the table is the test. Each row's command runs the real binary against an
//! emulator with the row's fixture files; the exit code, a one-line stderr that says the row's
//! text, and, for a refused input (64), no AWS call and no report are checked.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{Emulator, run_raw};
use iam_audit_emulator::Scenario;
use serde_json::Value;

fn organization() -> Scenario {
    Scenario::from_toml_str(
        r#"
name = "input"
[organization]
id = "o-input"
management_account = "111111111111"

[[accounts]]
id = "111111111111"
name = "Management"

[[accounts]]
id = "222222222222"
name = "Alpha"
roles = ["AWSControlTowerExecution"]
users = [ { name = "alice", created = "-400d", access_keys = [ { id = "AKIAALICE00000000001", created = "-300d" } ] } ]

[[accounts]]
id = "333333333333"
name = "Beta"
roles = ["AWSControlTowerExecution"]
"#,
    )
    .expect("a valid scenario")
}

/// One row of the table.
#[derive(Debug)]
struct Row {
    input: String,
    case: String,
    command: String,
    exit: String,
    says: Vec<String>,
    checked_by: String,
}

/// The code spans of a cell (`` `a` `` or ``` `` a `b` `` ```), in order.
fn code_spans(cell: &str) -> Vec<String> {
    let mut spans = Vec::new();
    let mut rest = cell;
    while let Some(start) = rest.find('`') {
        let ticks = rest[start..].chars().take_while(|c| *c == '`').count();
        let fence = "`".repeat(ticks);
        let body = &rest[start + ticks..];
        let Some(end) = body.find(&fence) else {
            break;
        };
        spans.push(body[..end].trim().to_string());
        rest = &body[end + ticks..];
    }
    spans
}

/// The bad-input table of docs/reliability.md.
fn table() -> Vec<Row> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/reliability.md");
    let text = std::fs::read_to_string(&path).expect("docs/reliability.md");
    let section = text
        .split("## Bad input: one rule")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("the bad-input section");
    section
        .lines()
        .filter(|line| {
            line.starts_with("| ") && !line.starts_with("| input") && !line.starts_with("|---")
        })
        .map(|line| {
            let cells: Vec<String> = line
                .trim_start_matches("| ")
                .trim_end_matches(" |")
                .split(" | ")
                .map(|cell| cell.replace("\\|", "|"))
                .collect();
            assert_eq!(cells.len(), 6, "a row of six cells: {line}");
            Row {
                input: cells[0].clone(),
                case: cells[1].clone(),
                command: code_spans(&cells[2]).first().cloned().unwrap_or_default(),
                exit: cells[3].clone(),
                says: code_spans(&cells[4]),
                checked_by: cells[5].clone(),
            }
        })
        .collect()
}

/// Runs the binary; returns the outcome and where its reports went.
fn run(
    endpoint: &str,
    arguments: &[String],
    environment: &[(String, String)],
    output: Option<&Path>,
) -> common::Outcome {
    let mut all: Vec<String> = arguments.to_vec();
    if let Some(output) = output {
        all.push("--output-dir".to_string());
        all.push(output.display().to_string());
    }
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    run_raw(Some(endpoint), &all, |command| {
        for (name, value) in environment {
            command.env(name, value);
        }
    })
}

fn write(folder: &Path, name: &str, content: &[u8]) -> String {
    let path = folder.join(name);
    std::fs::write(&path, content).expect("fixture written");
    path.display().to_string()
}

/// The fixture files the table's commands name, by placeholder.
fn fixtures(folder: &Path, endpoint: &str) -> BTreeMap<&'static str, String> {
    let mut files = BTreeMap::new();
    files.insert("missing", folder.join("missing.json").display().to_string());
    files.insert(
        "not_utf8",
        write(folder, "not_utf8.toml", b"\xff\xfe[thresholds]\n"),
    );
    files.insert("not_toml", write(folder, "not_toml.toml", b"x = [\n"));
    files.insert(
        "unknown_key",
        write(
            folder,
            "unknown_key.toml",
            b"[thresholds]\nkey_rotation = 90\n",
        ),
    );
    files.insert(
        "wrong_type",
        write(
            folder,
            "wrong_type.toml",
            b"[thresholds]\nkey_rotation_days = \"ninety\"\n",
        ),
    );
    files.insert(
        "out_of_range",
        write(
            folder,
            "out_of_range.toml",
            b"[thresholds]\npassword_minimum_length = 4\n",
        ),
    );
    files.insert(
        "duplicate_suppression",
        write(
            folder,
            "duplicate_suppression.toml",
            b"[[suppressions]]\nrule = \"KEY001\"\nreason = \"a\"\n[[suppressions]]\nrule = \"KEY001\"\nreason = \"a copy\"\n",
        ),
    );
    files.insert(
        "unknown_rule",
        write(
            folder,
            "unknown_rule.toml",
            b"[[suppressions]]\nrule = \"KEY999\"\nreason = \"a\"\n",
        ),
    );
    files.insert("not_json", write(folder, "not_json.json", b"not json\n"));
    // Scanner files (issue 22): a list whose second line holds a secret key, another tool's JSON,
    // and a configuration naming an expected network that is not a block, or a scanner file that
    // does not exist.
    files.insert(
        "not_a_scanner_file",
        write(
            folder,
            "not_a_scanner_file.txt",
            b"AKIAY34FZKBOKMUTVV7A\naws_secret_access_key = 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\n",
        ),
    );
    files.insert(
        "other_json",
        write(folder, "other_json.json", b"[{\"findings\": 3}]\n"),
    );
    files.insert(
        "bad_network",
        write(
            folder,
            "bad_network.toml",
            b"[exposure]\nexpected_networks = [\"203.0.113.7/24\"]\n",
        ),
    );
    files.insert(
        "missing_scanner_file",
        write(
            folder,
            "missing_scanner_file.toml",
            b"[exposure]\nexposed_keys = [\"scans/none.jsonl\"]\n",
        ),
    );
    // Issue 25's inputs: routes and SLAs.
    files.insert(
        "route_webhook_url",
        write(
            folder,
            "route_webhook_url.toml",
            b"[[routes]]\nou = \"Root/*\"\nnotify = [\"slack:https://hooks.slack.com/services/T0/B0/XYZ\"]\n",
        ),
    );
    files.insert(
        "route_target",
        write(
            folder,
            "route_target.toml",
            b"[[routes]]\nowner = \"a\"\nnotify = [\"email:someone@example.com\"]\n",
        ),
    );
    files.insert(
        "route_missing_variable",
        write(
            folder,
            "route_missing_variable.toml",
            b"[[routes]]\nowner = \"a\"\nnotify = [\"slack:env:IAM_AUDIT_NO_SUCH_VARIABLE\"]\n",
        ),
    );
    files.insert(
        "sla_out_of_range",
        write(folder, "sla_out_of_range.toml", b"[sla]\ncritical = -1\n"),
    );
    files.insert(
        "not_a_report",
        write(folder, "not_a_report.json", b"{\"a\": 1}\n"),
    );

    // A real run report, and what can go wrong with one.
    let reports = folder.join("reports");
    let outcome = run(
        endpoint,
        &[
            "--no-cloudtrail".to_string(),
            "--format".to_string(),
            "json".to_string(),
        ],
        &[],
        Some(&reports),
    );
    assert_eq!(outcome.code, 0, "{}", outcome.all_output());
    let report_path = common::report_files(&reports)
        .into_iter()
        .find(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .expect("a JSON report");
    let text = std::fs::read_to_string(&report_path).expect("readable");
    let report: Value = serde_json::from_str(&text).expect("JSON");
    files.insert("report", write(folder, "report.json", text.as_bytes()));
    let variant = |name: &str, change: &dyn Fn(&mut Value)| {
        let mut document = report.clone();
        change(&mut document);
        write(folder, name, document.to_string().as_bytes())
    };
    files.insert(
        "future_report",
        variant("future.json", &|document| {
            document["schema_version"] = "2.0".into()
        }),
    );
    files.insert(
        "other_organization_report",
        variant("other-organization.json", &|document| {
            document["run"]["organization_id"] = "o-other".into()
        }),
    );
    files.insert(
        "standalone_report",
        variant("standalone.json", &|document| {
            document["run"]["organization_id"] = Value::Null;
            document["run"]["standalone"] = true.into();
        }),
    );
    files.insert(
        "other_partition_report",
        variant("other-partition.json", &|document| {
            let arn = document["run"]["caller"]["arn"]
                .as_str()
                .unwrap_or_default()
                .replacen("arn:aws:", "arn:aws-cn:", 1);
            document["run"]["caller"]["arn"] = arn.into();
        }),
    );
    files.insert(
        "truncated_report",
        write(folder, "truncated.json", &text.as_bytes()[..text.len() / 2]),
    );
    let corrupt = folder.join("corrupt-folder");
    std::fs::create_dir_all(&corrupt).expect("folder");
    write(
        &corrupt,
        "iam_audit_20200101_000000.json",
        b"{\"schema_version\": \"1.4\", \"run\": ",
    );
    files.insert("folder_with_corrupt_report", corrupt.display().to_string());

    // Shards of one run, and shards that do not belong with them.
    let shard = |index: &str, run_id: &str, options: &[&str], name: &str| {
        let output = folder.join(format!("shard-{name}"));
        let mut arguments: Vec<String> = ["--shard", index, "--run-id", run_id, "--no-cloudtrail"]
            .map(str::to_string)
            .to_vec();
        arguments.extend(options.iter().map(|option| option.to_string()));
        let outcome = run(endpoint, &arguments, &[], Some(&output));
        assert!(matches!(outcome.code, 0 | 2), "{}", outcome.all_output());
        common::report_files(&output)
            .into_iter()
            .find(|path| {
                path.extension()
                    .is_some_and(|extension| extension == "json")
            })
            .expect("a shard report")
            .display()
            .to_string()
    };
    files.insert("shard_1", shard("1/3", "weekly-1", &[], "1"));
    files.insert("shard_2", shard("2/3", "weekly-1", &[], "2"));
    files.insert("shard_3", shard("3/3", "weekly-1", &[], "3"));
    files.insert(
        "shard_1_other_run",
        shard("1/3", "weekly-2", &[], "other-run"),
    );
    files.insert(
        "shard_1_other_options",
        shard(
            "1/3",
            "weekly-1",
            &["--iam-source", "credential-report"],
            "other-options",
        ),
    );
    files
}

fn substitute(text: &str, files: &BTreeMap<&'static str, String>) -> String {
    let mut text = text.to_string();
    for (name, value) in files {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// Subcommands that write into `--output-dir`.
const WRITING: [&str; 3] = ["audit", "diff", "merge"];

#[test]
fn every_row_of_the_bad_input_table() {
    let rows = table();
    assert!(rows.len() >= 60, "the table has {} rows", rows.len());
    let emulator = Emulator::start(organization());
    let folder = tempfile::tempdir().expect("folder");
    let files = fixtures(folder.path(), &emulator.url());
    let sources: String = [
        "crates/iam-audit/src",
        "crates/iam-audit/tests",
        "crates/emulator/src",
    ]
    .iter()
    .flat_map(|place| {
        walk(
            &PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../..")
                .join(place),
        )
    })
    .filter_map(|path| std::fs::read_to_string(path).ok())
    .collect();
    let mut checked = 0;
    for (index, row) in rows.iter().enumerate() {
        let about = format!("{} ({}): `{}`", row.input, row.case, row.command);
        if row.checked_by != "table" {
            // A named test: it must exist.
            let name = code_spans(&row.checked_by)
                .last()
                .cloned()
                .unwrap_or_default();
            assert!(
                sources.contains(&format!("fn {name}(")),
                "{about}: no test named {name}"
            );
            continue;
        }
        let mut environment = Vec::new();
        let mut arguments = Vec::new();
        for token in substitute(&row.command, &files).split_whitespace() {
            match token.split_once('=') {
                Some((name, value))
                    if arguments.is_empty()
                        && name.chars().all(|c| c.is_ascii_uppercase() || c == '_') =>
                {
                    environment.push((name.to_string(), value.to_string()));
                }
                _ => arguments.push(token.to_string()),
            }
        }
        let subcommand = arguments
            .first()
            .filter(|first| !first.starts_with('-'))
            .cloned()
            .unwrap_or_else(|| "audit".to_string());
        let output = folder.path().join(format!("out-{index}"));
        let writes = WRITING.contains(&subcommand.as_str())
            && !arguments.iter().any(|argument| argument == "--output-dir");
        let calls_before = emulator.calls().len();
        let outcome = run(
            &emulator.url(),
            &arguments,
            &environment,
            writes.then_some(output.as_path()),
        );
        let expected: i32 = row.exit.parse().expect("an exit code");
        assert_eq!(outcome.code, expected, "{about}: {}", outcome.all_output());
        let line = outcome.stderr.trim_end();
        assert_eq!(line.lines().count(), 1, "{about}: one line, not\n{line}");
        for part in &row.says {
            let part = substitute(part, &files);
            assert!(
                line.contains(&part),
                "{about}: `{line}` does not say `{part}`"
            );
        }
        if expected == 64 {
            assert_eq!(emulator.calls().len(), calls_before, "{about}: no AWS call");
            assert!(
                common::report_files(&output).is_empty(),
                "{about}: nothing written"
            );
        }
        if expected == 5 {
            let written = if writes {
                output.clone()
            } else {
                PathBuf::from(files["folder_with_corrupt_report"].clone())
            };
            assert!(
                common::report_files(&written).len() > 1,
                "{about}: the reports are written"
            );
        }
        checked += 1;
    }
    assert!(checked >= 60, "{checked} rows run");
}

fn walk(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            found.push(path);
        }
    }
    found
}
