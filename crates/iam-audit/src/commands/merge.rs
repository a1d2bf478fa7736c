//! `iam-audit merge SHARD.json…`: the shards of one audit (`audit --shard K/N`, each a JSON
//! report holding what it read) merged into the run a single audit would have made, then judged,
//! written, compared and delivered by the audit's own code. A missing or repeated shard is an
//! error; a shard reported failed (by the Step Functions state machine) makes the run incomplete.

use iam_audit_collect::ConnectOptions;
use iam_audit_history::{FailedShard, ShardRun, merge};
use iam_audit_model::{AuditRun, Shard};
use serde::Deserialize;

use crate::cli::{AuditArgs, Cli, Command, MergeArgs};
use crate::commands::audit;
use crate::commands::reading::ReportReader;
use crate::settings::{AuditSettings, BaselineSource, Defaults, InvalidInput, Invocation, usage};
use iam_audit_conclusion::Concluded;

/// `iam-audit merge …`: returns the exit code.
pub async fn run(arguments: &MergeArgs, invocation: &Invocation) -> anyhow::Result<u8> {
    let concluded = execute(arguments, &[], invocation).await?;
    Ok(concluded.code)
}

/// Reads and merges the shards (plus the failed ones the orchestrator names), then concludes
/// the merged run as an audit.
pub async fn execute(
    arguments: &MergeArgs,
    failed: &[FailedShard],
    invocation: &Invocation,
) -> anyhow::Result<Concluded> {
    let settings = settings(arguments, invocation)?;
    let sources = arguments
        .shards
        .iter()
        .map(|text| BaselineSource::parse(text, "SHARD.json"))
        .collect::<Result<Vec<_>, _>>()?;
    let connect = ConnectOptions {
        profile: arguments.profile.clone(),
        region: arguments.region.clone(),
        ..ConnectOptions::default()
    };
    let reader = ReportReader::new(
        &connect,
        settings.conclusion.delivery.bucket_owner.clone(),
        &sources.iter().collect::<Vec<_>>(),
    )
    .await;
    let mut shards = Vec::new();
    for source in &sources {
        let (bytes, name) = match source {
            BaselineSource::File(path) => (
                crate::settings::input::read_file(path, "SHARD.json")?,
                path.display().to_string(),
            ),
            _ => reader
                .read(source)
                .await
                .map_err(|error| usage("usage-merge", &[("error", error)]))?,
        };
        shards.push(shard_of(&bytes, &name)?);
    }
    let merged = merge(shards, failed, arguments.run_id.as_deref()).map_err(|error| {
        let message = iam_audit_report::render(crate::settings::language(), &error.message());
        usage("usage-merge", &[("error", message)])
    })?;
    // Judged as of the shards' start, as a single run is judged as of its own.
    let now = merged.started_at;
    audit::conclude(&settings, merged, now, false).await
}

/// The merge's settings: an audit's, from the same parser, with the merge's output, judging and
/// delivery options.
fn settings(arguments: &MergeArgs, invocation: &Invocation) -> Result<AuditSettings, InvalidInput> {
    let mut audit_arguments = match <Cli as clap::Parser>::try_parse_from([
        "iam-audit",
        "audit",
        "--region",
        &arguments.region,
    ]) {
        Ok(Cli {
            command: Some(Command::Audit(parsed)),
            ..
        }) => parsed,
        _ => return Err(usage("usage-merge", &[("error", "--region".to_string())])),
    };
    audit_arguments = AuditArgs {
        output: arguments.output.clone(),
        judging: arguments.judging.clone(),
        delivery: arguments.delivery.clone(),
        ..audit_arguments
    };
    audit_arguments.role.profile = arguments.profile.clone();
    AuditSettings::resolve(&audit_arguments, invocation, &Defaults::default())
}

/// What `merge` reads of a shard's JSON report.
#[derive(Deserialize)]
struct ShardReport {
    run: ShardRunRecord,
    collected: Option<AuditRun>,
}

#[derive(Deserialize)]
struct ShardRunRecord {
    options: ShardOptions,
}

#[derive(Deserialize)]
struct ShardOptions {
    shard: Option<String>,
}

fn shard_of(bytes: &[u8], name: &str) -> Result<ShardRun, InvalidInput> {
    let not_a_shard = |reason: String| {
        usage(
            "usage-not-a-shard",
            &[("path", name.to_string()), ("reason", reason)],
        )
    };
    let language = crate::settings::language();
    let report: ShardReport =
        serde_json::from_slice(bytes).map_err(|error| not_a_shard(error.to_string()))?;
    let shard = report
        .run
        .options
        .shard
        .as_deref()
        .and_then(Shard::parse)
        .ok_or_else(|| not_a_shard(iam_audit_i18n::text(language, "not-a-shard-option", &[])))?;
    let run = report
        .collected
        .ok_or_else(|| not_a_shard(iam_audit_i18n::text(language, "not-a-shard-run", &[])))?;
    Ok(ShardRun { shard, run })
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(iam_audit_model::property_cases(3000)))]

        /// Any bytes given as a shard are a shard or one line naming the file: never a panic.
        #[test]
        fn any_bytes_are_a_shard_or_refused_in_one_line(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            if let Err(refused) = shard_of(&bytes, "shard.json") {
                prop_assert!(refused.0.contains("shard.json"), "{}", refused.0);
                prop_assert_eq!(refused.one_line().lines().count(), 1);
            }
        }

        /// Shard-shaped JSON with any values in it.
        #[test]
        fn shard_shaped_json_never_panics(shard in ".{0,8}", collected in prop_oneof![Just(serde_json::Value::Null), Just(serde_json::json!({})), Just(serde_json::json!({"accounts": 1}))]) {
            let document = serde_json::json!({"run": {"options": {"shard": shard}}, "collected": collected});
            let _ = shard_of(document.to_string().as_bytes(), "shard.json");
        }
    }
}
