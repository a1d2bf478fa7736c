//! The audit as an AWS Lambda function (`provided.al2023`), served with AWS's `lambda_runtime`
//! crate: the `bootstrap` binary is this binary under that name.
//!
//! The event is a JSON object whose keys are the audit's long options in snake_case (`role`,
//! `output_dir`, `baseline`, `notify`, `format`...). It is turned into a command line and parsed
//! by the same clap definition and the same settings code as `iam-audit audit`: one settings
//! path, no second parser. Empty strings, `false` and `null` mean "not given" (so a template can
//! pass optional parameters), lists are joined with commas. `output_dir` must be `s3://` (a
//! function's disk does not outlive it) and `config` is an `s3://` URI, fetched to `/tmp`. An
//! event with `merge` (the shards' reports or the Step Functions Map results) runs `merge`.
//!
//! The invocation's deadline is honoured: collection stops early enough (a fifth of the time
//! left, between 2 and 60 seconds) to write complete reports, marked incomplete. A malformed
//! event is an error response with a one-line reason, and nothing is written.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use clap::CommandFactory;
use iam_audit_collect::Interrupt;
use iam_audit_history::FailedShard;
use iam_audit_model::Shard;
use lambda_runtime::{Diagnostic, LambdaEvent, service_fn};
use serde_json::{Map, Value, json};

use crate::cli::{Cli, Command};
use crate::commands::audit;
use crate::commands::merge;
use crate::settings::{AuditSettings, Defaults, Invocation};
use iam_audit_conclusion::Concluded;

/// Serves invocations until the runtime stops the process.
pub async fn serve() -> anyhow::Result<u8> {
    crate::console::to_logs();
    lambda_runtime::run(service_fn(handle))
        .await
        .map_err(|error| anyhow::anyhow!("the Lambda runtime stopped: {error}"))?;
    Ok(crate::exit::COMPLETE)
}

/// A refused event (or a run that could not be made): the reason, one line, as the error
/// response's message.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct InvalidEvent(pub String);

impl From<InvalidEvent> for Diagnostic {
    fn from(error: InvalidEvent) -> Diagnostic {
        Diagnostic {
            error_type: "IamAuditInvalidEvent".to_string(),
            error_message: error.0,
        }
    }
}

type Error = InvalidEvent;

async fn handle(event: LambdaEvent<Value>) -> Result<Value, Error> {
    let deadline = UNIX_EPOCH + Duration::from_millis(event.context.deadline);
    let invocation = Invocation {
        quiet: true,
        now: chrono::Utc::now(),
        stamp: chrono::Utc::now().format("%Y%m%d_%H%M%S").to_string(),
    };
    let fields = event_fields(event.payload)?;
    let concluded = if fields.contains_key("merge") {
        merge_event(fields, &invocation).await?
    } else {
        audit_event(fields, &invocation, deadline).await?
    };
    tracing::info!(
        exit_status = concluded.code,
        complete = concluded.complete,
        reports = concluded.reports.len(),
        "the audit finished"
    );
    Ok(response(&concluded))
}

/// The largest event read: the audit's options fit in a few kilobytes, and an event this large is
/// a mistake (a report pasted in place of its URI).
const LARGEST_EVENT: usize = 256 * 1024;

/// The event's options, checked for what does not depend on the command: an object, not too
/// large, `event` (the state machine's options) an object whose keys join the others.
fn event_fields(payload: Value) -> Result<Map<String, Value>, InvalidEvent> {
    let size = payload.to_string().len();
    if size > LARGEST_EVENT {
        return Err(InvalidEvent(format!(
            "the event is {size} bytes; its options fit in far less than {LARGEST_EVENT} (give reports and files as s3:// URIs)"
        )));
    }
    let Value::Object(mut fields) = payload else {
        return Err(InvalidEvent(
            "the event must be a JSON object of audit options".to_string(),
        ));
    };
    // The state machine passes the schedule's options as `event`, beside `shard` or `merge`.
    match fields.remove("event") {
        None | Some(Value::Null) => {}
        Some(Value::Object(options)) => {
            for (key, value) in options {
                fields.entry(key).or_insert(value);
            }
        }
        Some(other) => {
            return Err(InvalidEvent(format!(
                "`event` must be an object of audit options, not {}",
                kind_of(&other)
            )));
        }
    }
    Ok(fields)
}

/// What kind of JSON value this is, for a message.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

async fn audit_event(
    fields: Map<String, Value>,
    invocation: &Invocation,
    deadline: SystemTime,
) -> Result<Concluded, Error> {
    let shard = fields
        .get("shard")
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut arguments = audit_arguments(fields)?;
    with_config(&mut arguments.judging).await?;
    with_exposed_keys(&mut arguments.exposure).await?;
    let settings = AuditSettings::resolve(&arguments, invocation, &Defaults::default())
        .map_err(|invalid| InvalidEvent(invalid.one_line()))?;
    let interrupt = Interrupt::default();
    let timer = tokio::spawn(stop_before(deadline, interrupt.clone()));
    let concluded = audit::audit(&settings, invocation.now, &interrupt).await;
    timer.abort();
    let mut concluded = concluded.map_err(|error| InvalidEvent(format!("{error:#}")))?;
    if shard.is_some() {
        concluded.reports.retain(|report| report.ends_with(".json"));
    }
    Ok(concluded)
}

/// Raises the interrupt when the time left before the deadline is what writing and uploading
/// the reports need.
async fn stop_before(deadline: SystemTime, interrupt: Interrupt) {
    let left = deadline
        .duration_since(SystemTime::now())
        .unwrap_or(Duration::ZERO);
    let reserve = (left / 5).clamp(Duration::from_secs(2), Duration::from_secs(60));
    tokio::time::sleep(left.saturating_sub(reserve)).await;
    tracing::warn!(
        "stopping the collection {} s before the invocation's deadline to write the reports",
        reserve.as_secs()
    );
    interrupt.raise();
}

/// An audit event's options, checked and parsed as the command line's, before anything is read.
fn audit_arguments(fields: Map<String, Value>) -> Result<crate::cli::AuditArgs, InvalidEvent> {
    let mut argv = vec!["iam-audit".to_string(), "audit".to_string()];
    argv.extend(command_line(fields, "audit")?);
    // A function's disk is gone after the call: reports must go to S3.
    if !argv.iter().any(|argument| argument == "--output-dir") {
        return Err(InvalidEvent(
            "`output_dir` is missing: give an s3:// location (a function's disk does not outlive it)".to_string(),
        ));
    }
    let parsed = Cli::try_parse_from_arguments(&argv)?;
    let Some(Command::Audit(arguments)) = parsed.command else {
        return Err(InvalidEvent("not an audit".to_string()));
    };
    Ok(arguments)
}

/// A merge event's options and the shards the state machine reports failed, checked and parsed
/// before anything is read.
fn merge_arguments(
    mut fields: Map<String, Value>,
) -> Result<(crate::cli::MergeArgs, Vec<FailedShard>), InvalidEvent> {
    let Some(Value::Array(items)) = fields.remove("merge") else {
        return Err(InvalidEvent(
            "`merge` must be a list of the shards' reports".to_string(),
        ));
    };
    let mut shards = Vec::new();
    let mut failed = Vec::new();
    for item in items {
        match shard_item(item)? {
            ShardItem::Report(uri) => shards.push(uri),
            ShardItem::Failed(shard) => failed.push(shard),
        }
    }
    if shards.is_empty() && !failed.is_empty() {
        let failures: Vec<String> = failed
            .iter()
            .map(|shard| format!("{}: {}", shard.shard, shard.message))
            .collect();
        return Err(InvalidEvent(format!(
            "every shard failed, so there is nothing to merge ({})",
            failures.join("; ")
        )));
    }
    let mut argv = vec!["iam-audit".to_string(), "merge".to_string()];
    argv.extend(command_line(fields, "merge")?);
    argv.extend(shards);
    let parsed = Cli::try_parse_from_arguments(&argv)?;
    let Some(Command::Merge(arguments)) = parsed.command else {
        return Err(InvalidEvent("not a merge".to_string()));
    };
    Ok((arguments, failed))
}

async fn merge_event(
    fields: Map<String, Value>,
    invocation: &Invocation,
) -> Result<Concluded, Error> {
    let (mut arguments, failed) = merge_arguments(fields)?;
    with_config(&mut arguments.judging).await?;
    merge::execute(&arguments, &failed, invocation)
        .await
        .map_err(|error| InvalidEvent(format!("{error:#}")))
}

/// One element of `merge`: a report's URI, a shard invocation's response (its JSON report), or
/// a shard that failed (`{"shard": "2/3", "error": ...}`, as the state machine's Catch passes it).
enum ShardItem {
    Report(String),
    Failed(FailedShard),
}

fn shard_item(item: Value) -> Result<ShardItem, InvalidEvent> {
    if let Value::String(uri) = item {
        return Ok(ShardItem::Report(uri));
    }
    let report = item["reports"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find(|uri| uri.ends_with(".json"));
    if let Some(report) = report {
        return Ok(ShardItem::Report(report.to_string()));
    }
    let shard = item["shard"]
        .as_str()
        .and_then(Shard::parse)
        .ok_or_else(|| {
            InvalidEvent(format!(
                "a `merge` item is neither a report nor a failed shard: {item}"
            ))
        })?;
    let message = item["error"]["Cause"]
        .as_str()
        .or(item["error"]["Error"].as_str())
        .or(item["error"].as_str())
        .unwrap_or("the shard's invocation failed")
        .chars()
        .take(400)
        .collect();
    Ok(ShardItem::Failed(FailedShard { shard, message }))
}

/// The command line an event stands for: each key a long option of `subcommand` (refused
/// otherwise), each value its argument.
fn command_line(fields: Map<String, Value>, subcommand: &str) -> Result<Vec<String>, InvalidEvent> {
    let command = Cli::command();
    let known: Vec<String> = command
        .find_subcommand(subcommand)
        .map(|command| {
            command
                .get_arguments()
                .filter_map(|argument| argument.get_long().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let mut argv = Vec::new();
    for (key, value) in fields {
        let option = key.replace('_', "-");
        if !known.contains(&option) || matches!(option.as_str(), "help" | "version") {
            return Err(InvalidEvent(format!(
                "unknown option `{key}` (the event's keys are the audit's long options in snake_case, as `iam-audit {subcommand} --help` lists them)"
            )));
        }
        let text = match value {
            Value::Null | Value::Bool(false) => continue,
            Value::Bool(true) => {
                argv.push(format!("--{option}"));
                continue;
            }
            Value::String(text) if text.is_empty() => continue,
            Value::String(text) => text,
            Value::Number(number) => number.to_string(),
            Value::Array(items) if items.is_empty() => continue,
            // A repeatable option: each file its own argument (a path may hold a comma).
            Value::Array(items) if option == "exposed-keys" => {
                for item in items {
                    let Value::String(text) = item else {
                        return Err(InvalidEvent(format!(
                            "`{key}` must be a list of strings (files or s3:// URIs), not of {}",
                            kind_of(&item)
                        )));
                    };
                    argv.push(format!("--{option}"));
                    argv.push(text);
                }
                continue;
            }
            Value::Array(items) => {
                let mut texts = Vec::new();
                for item in items {
                    match item {
                        Value::String(text) => texts.push(text),
                        Value::Number(number) => texts.push(number.to_string()),
                        other => {
                            return Err(InvalidEvent(format!(
                                "`{key}` must be a list of strings or numbers, not of {}",
                                kind_of(&other)
                            )));
                        }
                    }
                }
                texts.join(",")
            }
            Value::Object(_) => {
                return Err(InvalidEvent(format!(
                    "`{key}` must be a string, a number, a boolean or a list"
                )));
            }
        };
        let text = match option.as_str() {
            "output-dir" if !text.starts_with("s3://") => {
                return Err(InvalidEvent(format!(
                    "`output_dir` must be an s3:// location (a function's disk does not outlive it), not `{}`",
                    text.escape_debug()
                )));
            }
            // Fetched only once every option is known to be usable (`with_config`).
            "config" => text,
            _ => text,
        };
        argv.push(format!("--{option}"));
        argv.push(text);
    }
    Ok(argv)
}

/// `config`, an `s3://` URI, fetched to `/tmp` for the settings to read: the last step before
/// them, so that an event with an unusable option reads nothing.
async fn with_config(judging: &mut crate::cli::JudgingArgs) -> Result<(), InvalidEvent> {
    if let Some(uri) = &judging.config {
        let path = fetch_config(&uri.display().to_string()).await?;
        judging.config = Some(std::path::PathBuf::from(path));
    }
    Ok(())
}

/// `exposed_keys`' `s3://` URIs, fetched to `/tmp` for the settings to read (files of the
/// function's package are read as they are): the last step before the settings, with `config`.
async fn with_exposed_keys(exposure: &mut crate::cli::ExposureArgs) -> Result<(), InvalidEvent> {
    for (index, file) in exposure.exposed_keys.iter_mut().enumerate() {
        if file.starts_with("s3://") {
            let name = file.rsplit('/').next().unwrap_or_default();
            *file = fetch_s3(
                file,
                "exposed_keys",
                "a scanner file",
                &format!("iam-audit-exposed-keys-{index}-{name}"),
            )
            .await?;
        }
    }
    Ok(())
}

/// `config` is an `s3://` URI: fetched to `/tmp` for the settings to read.
async fn fetch_config(uri: &str) -> Result<String, InvalidEvent> {
    fetch_s3(uri, "config", "a TOML file", "iam-audit-config.toml").await
}

/// An `s3://` URI given as the event key `key`, fetched (as the caller, from the caller's own
/// account's bucket) to `/tmp/<file_name>`.
async fn fetch_s3(
    uri: &str,
    key: &str,
    what: &str,
    file_name: &str,
) -> Result<String, InvalidEvent> {
    let location = iam_audit_deliver::s3::S3Location::parse(uri)
        .filter(|location| !location.prefix.is_empty())
        .ok_or_else(|| {
            InvalidEvent(format!(
                "`{key}` must be an s3:// URI of {what}, not `{}`",
                uri.escape_debug()
            ))
        })?;
    let config =
        iam_audit_collect::caller_config(&iam_audit_collect::ConnectOptions::default()).await;
    let caller = iam_audit_collect::identify_caller(&config)
        .await
        .map_err(|error| InvalidEvent(format!("`{key}`: {error}")))?;
    let client = iam_audit_deliver::s3::client(&config);
    let bytes = iam_audit_deliver::s3::get_object(
        &client,
        &location.bucket,
        &location.prefix,
        &caller.account_id,
    )
    .await
    .map_err(|error| InvalidEvent(format!("`{key}`: {error}")))?;
    let path = std::env::temp_dir().join(file_name.replace(['/', '\\'], "_"));
    std::fs::write(&path, bytes).map_err(|error| InvalidEvent(format!("`{key}`: {error}")))?;
    Ok(path.display().to_string())
}

/// The function's answer.
fn response(concluded: &Concluded) -> Value {
    let findings: Map<String, Value> = concluded
        .findings
        .iter()
        .map(|(severity, count)| (severity.as_str().to_string(), json!(count)))
        .collect();
    json!({
        "exit_status": concluded.code,
        "complete": concluded.complete,
        "findings": findings,
        "new_findings": concluded.new_findings,
        "reports": concluded.reports,
        "delivery_failures": concluded.delivery_failures,
        "shard": concluded.shard,
    })
}

impl Cli {
    /// Parses a command line built from an event; a clap error is the event's fault, said in one
    /// line.
    fn try_parse_from_arguments(argv: &[String]) -> Result<Cli, InvalidEvent> {
        <Cli as clap::Parser>::try_parse_from(argv)
            .map_err(|error| InvalidEvent(crate::cli::one_line(&error)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(event: Value) -> Result<Vec<String>, String> {
        let Value::Object(fields) = event else {
            return Err("not an object".to_string());
        };
        command_line(fields, "audit").map_err(|error| error.0)
    }

    /// Every way an event can be unusable (docs/reliability.md, "Bad input"): refused in one
    /// line naming the key and the cause, before anything is read.
    #[test]
    fn events_are_refused_in_one_line() {
        let audit = |event: Value| {
            event_fields(event)
                .and_then(audit_arguments)
                .err()
                .map(|error| error.0)
                .unwrap_or_default()
        };
        let merge = |event: Value| {
            event_fields(event)
                .and_then(merge_arguments)
                .err()
                .map(|error| error.0)
                .unwrap_or_default()
        };
        let huge = json!({"output_dir": "s3://b/p", "accounts": vec!["123456789012"; 30_000]});
        for (refused, reason) in [
            (audit(json!("a string")), "must be a JSON object"),
            (
                audit(json!({"rolle": "x", "output_dir": "s3://b/p"})),
                "unknown option `rolle`",
            ),
            (
                audit(json!({"role": {"name": "x"}, "output_dir": "s3://b/p"})),
                "`role` must be a string",
            ),
            (
                audit(json!({"accounts": [{"id": 1}], "output_dir": "s3://b/p"})),
                "`accounts` must be a list of strings or numbers, not of an object",
            ),
            (
                audit(json!({"concurrency": "many", "output_dir": "s3://b/p"})),
                "invalid value 'many' for '--concurrency <N>'",
            ),
            (
                audit(json!({"event": "string"})),
                "`event` must be an object of audit options, not a string",
            ),
            (
                audit(json!({"role": "IamAuditRole"})),
                "`output_dir` is missing",
            ),
            (
                audit(json!({"output_dir": "/tmp/reports"})),
                "must be an s3:// location",
            ),
            (audit(huge), "bytes; its options fit in far less"),
            (
                audit(json!({"shard": "1/3", "output_dir": "s3://b/p"})),
                "required arguments were not provided: --run-id <ID>",
            ),
            (
                audit(json!({"exposed_keys": ["s3://b/scan.json", 7], "output_dir": "s3://b/p"})),
                "`exposed_keys` must be a list of strings (files or s3:// URIs), not of a number",
            ),
            (
                merge(json!({"merge": "s3://b/k.json"})),
                "`merge` must be a list",
            ),
            (
                merge(
                    json!({"merge": [{"shard": "1/2", "error": {"Cause": "timed out"}}, {"shard": "2/2", "error": "boom"}]}),
                ),
                "every shard failed, so there is nothing to merge (1/2: timed out; 2/2: boom)",
            ),
            (
                merge(json!({"merge": [{"nothing": true}]})),
                "neither a report nor a failed shard",
            ),
        ] {
            assert!(refused.contains(reason), "{refused} does not say {reason}");
            assert_eq!(refused.lines().count(), 1, "{refused}");
        }
    }

    /// Issue 22: `exposed_keys` is repeatable, each file (or s3:// URI) its own argument, a
    /// comma in a name kept; the URIs are fetched only after every option is known to be usable.
    #[test]
    fn exposed_keys_are_one_argument_each() {
        let argv = line(json!({
            "exposed_keys": ["s3://scans/trufflehog.jsonl", "scans/a,b.json"],
            "key_activity_pages": 4,
            "output_dir": "s3://reports/iam",
        }));
        assert_eq!(
            argv,
            Ok([
                "--exposed-keys",
                "s3://scans/trufflehog.jsonl",
                "--exposed-keys",
                "scans/a,b.json",
                "--key-activity-pages",
                "4",
                "--output-dir",
                "s3://reports/iam",
            ]
            .map(str::to_string)
            .to_vec())
        );
        let parsed = event_fields(json!({
            "exposed_keys": ["s3://scans/trufflehog.jsonl", "scans/a,b.json"],
            "output_dir": "s3://reports/iam",
        }))
        .and_then(audit_arguments)
        .map(|arguments| arguments.exposure.exposed_keys)
        .map_err(|error| error.0);
        assert_eq!(
            parsed,
            Ok(vec![
                "s3://scans/trufflehog.jsonl".to_string(),
                "scans/a,b.json".to_string()
            ])
        );
    }

    #[test]
    fn an_event_is_the_audits_own_command_line() {
        let argv = line(json!({
            "role": "IamAuditRole",
            "format": ["csv", "json"],
            "no_cloudtrail": true,
            "iam_rate": 5,
            "external_id": "",
            "notify": [],
            "output_dir": "s3://reports/iam",
        }));
        assert_eq!(
            argv,
            Ok([
                "--format",
                "csv,json",
                "--iam-rate",
                "5",
                "--no-cloudtrail",
                "--output-dir",
                "s3://reports/iam",
                "--role",
                "IamAuditRole"
            ]
            .map(str::to_string)
            .to_vec())
        );
    }

    #[test]
    fn a_malformed_event_is_refused_in_one_line() {
        for (event, reason) in [
            (json!({"rolle": "x"}), "unknown option `rolle`"),
            (
                json!({"output_dir": "/tmp/reports"}),
                "must be an s3:// location",
            ),
            (json!({"role": {"name": "x"}}), "must be a string"),
            (json!({"help": true}), "unknown option `help`"),
        ] {
            let refused = line(event).err().unwrap_or_default();
            assert!(refused.contains(reason), "{refused}");
            assert_eq!(refused.lines().count(), 1);
        }
    }

    #[test]
    fn merge_items_are_reports_or_failed_shards() {
        assert!(matches!(
            shard_item(json!("s3://b/k.json")),
            Ok(ShardItem::Report(_))
        ));
        assert!(matches!(
            shard_item(json!({"reports": ["s3://b/k.json"], "exit_status": 0})),
            Ok(ShardItem::Report(uri)) if uri == "s3://b/k.json"
        ));
        assert!(matches!(
            shard_item(json!({"shard": "2/3", "error": {"Error": "States.Timeout", "Cause": "timed out"}})),
            Ok(ShardItem::Failed(FailedShard { message, .. })) if message == "timed out"
        ));
        assert!(shard_item(json!({"nothing": 1})).is_err());
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;
    use serde_json::Value;

    use super::*;

    /// Any JSON: scalars, lists and objects nested a few levels, with keys drawn from real
    /// options and from noise.
    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|number| json!(number)),
            "(?s).{0,40}".prop_map(Value::String),
            Just(json!("s3://bucket/prefix")),
        ];
        leaf.prop_recursive(3, 24, 6, |inner| {
            let key = prop_oneof![
                Just("output_dir".to_string()),
                Just("role".to_string()),
                Just("accounts".to_string()),
                Just("event".to_string()),
                Just("merge".to_string()),
                Just("shard".to_string()),
                Just("concurrency".to_string()),
                "[a-z_]{1,12}",
            ];
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                proptest::collection::btree_map(key, inner, 0..6)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(iam_audit_model::property_cases(3000)))]

        /// Any event is options or one line saying why not: never a panic.
        #[test]
        fn any_event_is_options_or_one_line(event in any_json()) {
            let outcome = event_fields(event).and_then(|fields| {
                if fields.contains_key("merge") {
                    merge_arguments(fields).map(|_| ())
                } else {
                    audit_arguments(fields).map(|_| ())
                }
            });
            if let Err(refused) = outcome {
                prop_assert_eq!(refused.0.lines().count(), 1, "{}", refused.0);
            }
        }
    }
}
