//! `iam-audit-bench`: runs the release `iam-audit` against the emulator with a generated
//! organization and prints, per run:
//!
//! `BENCH scenario=<name> accounts=<n> wall_s=<x> bound_s=<x> ratio=<wall/bound> api_calls=<n> throttled=<n> peak_rss_mb=<x> cpu_s=<x>`
//!
//! `bound_s` is the floor the scenario's limits allow, computed from the scenario: for each
//! account, when the ListAccounts and STS limits let its AssumeRole finish, plus the longer of its
//! IAM calls at the IAM rate and its CloudTrail calls at the CloudTrail rate (plus one response
//! latency per step); the maximum over accounts. `peak_rss_mb` and `cpu_s` are the audit
//! process's own (wait4). A sweep shows how time grows with accounts, and the original tool's
//! algorithm (`shared/reference/seed_reference.py`) runs on a slice of the same scenario:
//!
//! `BENCH-SEED accounts=<n> seed_s=<x> ours_s=<x> speedup=<seed/ours>`
//!
//! `--scenario NAME` runs one scenario and prints its line: `headline`, `sweep-N`,
//! `headline-credential-report`, `seed`, or `scale` (10,000 member accounts × 5 users and about
//! 1.5 keys each, the headline's mix of credentials and policies: memory that must not grow with
//! the organization; `--scale-accounts` measures it at other sizes).

mod bound;
mod run;

use std::path::PathBuf;

use clap::Parser;
use iam_audit_emulator::scenario::{PageSizes, RateLimits};
use iam_audit_emulator::{GeneratorOptions, generate};

/// Benchmarks iam-audit against the emulator.
#[derive(Parser)]
struct Arguments {
    /// Member accounts of the headline scenario.
    #[arg(long, default_value_t = 1000)]
    accounts: usize,
    /// Also run these smaller sizes first (comma-separated), to show how time grows.
    #[arg(long, value_delimiter = ',', default_value = "10,100")]
    sweep: Vec<usize>,
    /// Accounts of the slice the original tool runs on (0: skip it).
    #[arg(long, default_value_t = 50)]
    seed_accounts: usize,
    /// Also measure `--iam-source credential-report` on the headline scenario.
    #[arg(long)]
    credential_report: bool,
    /// The iam-audit binary to measure. Default: the one beside this benchmark's own binary (the
    /// same build, wherever CARGO_TARGET_DIR puts it).
    #[arg(long)]
    binary: Option<PathBuf>,
    /// Python with boto3 for the original tool. Default: the repository's .venv.
    #[arg(long)]
    python: Option<PathBuf>,
    /// The original tool's algorithm. Default: shared/reference/seed_reference.py beside the
    /// repository, whatever the current folder.
    #[arg(long)]
    seed_script: Option<PathBuf>,
    /// Keep each run's reports under this folder (for looking at what went wrong).
    #[arg(long)]
    keep_reports: Option<PathBuf>,
    /// Response latency in milliseconds.
    #[arg(long, default_value_t = 20)]
    latency_ms: u64,
    /// Latency jitter in milliseconds.
    #[arg(long, default_value_t = 5)]
    jitter_ms: u64,
    /// Run only this scenario: headline, sweep-N, headline-credential-report, seed or scale.
    #[arg(long, value_name = "NAME", value_parser = parse_scenario)]
    scenario: Option<Scenario>,
    /// Member accounts of the `scale` scenario.
    #[arg(long, default_value_t = 10_000)]
    scale_accounts: usize,
}

/// One scenario of `--scenario`.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Scenario {
    Headline,
    HeadlineCredentialReport,
    Sweep(usize),
    Seed,
    Scale,
}

fn parse_scenario(name: &str) -> Result<Scenario, String> {
    match name {
        "headline" => Ok(Scenario::Headline),
        "headline-credential-report" => Ok(Scenario::HeadlineCredentialReport),
        "seed" => Ok(Scenario::Seed),
        "scale" => Ok(Scenario::Scale),
        _ => name
            .strip_prefix("sweep-")
            .and_then(|size| size.parse().ok())
            .filter(|size| *size > 0)
            .map(Scenario::Sweep)
            .ok_or_else(|| {
                format!(
                    "unknown scenario {name:?}: headline, headline-credential-report, sweep-N, seed or scale"
                )
            }),
    }
}

/// The `scale` scenario: many small accounts (5 users, 8 keys: about 1.5 keys a user) of the
/// headline's mix, at the headline's limits.
fn scale_options(accounts: usize, arguments: &Arguments) -> GeneratorOptions {
    GeneratorOptions {
        users_per_account: 5,
        keys_per_account: 8,
        events_per_account: 1,
        ..scenario_options("scale", accounts, arguments)
    }
}

fn scenario_options(name: &str, accounts: usize, arguments: &Arguments) -> GeneratorOptions {
    GeneratorOptions {
        name: name.to_string(),
        accounts,
        users_per_account: 20,
        keys_per_account: 30,
        events_per_account: 3,
        latency_ms: arguments.latency_ms,
        jitter_ms: arguments.jitter_ms,
        rate_limits: RateLimits {
            iam: Some(10.0),
            cloudtrail: Some(2.0),
            sts: Some(100.0),
            organizations: Some(5.0),
        },
        page_size: PageSizes::default(),
        ..GeneratorOptions::default()
    }
}

/// The repository's root, where this crate was built from.
fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The iam-audit binary of the same build as this one: its sibling.
fn default_binary() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|path| path.parent().map(|folder| folder.join("iam-audit")))
        .unwrap_or_else(|| PathBuf::from("iam-audit"))
}

/// The original tool's algorithm, in the shared folder beside the repository.
fn default_seed_script() -> PathBuf {
    workspace_root().join("../shared/reference/seed_reference.py")
}

fn main() -> anyhow::Result<()> {
    let mut arguments = Arguments::parse();
    let binary = arguments.binary.take().unwrap_or_else(default_binary);
    let python = arguments
        .python
        .take()
        .unwrap_or_else(|| workspace_root().join(".venv/bin/python"));
    let seed_script = arguments
        .seed_script
        .take()
        .unwrap_or_else(default_seed_script);
    anyhow::ensure!(
        binary.exists(),
        "{} is missing: build it with `cargo build --release -p iam-audit` (scripts/bench does)",
        binary.display()
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    if let Some(scenario) = arguments.scenario.clone() {
        return run_one(
            &runtime,
            &binary,
            (&python, &seed_script),
            &arguments,
            scenario,
        );
    }
    let mut sizes: Vec<usize> = arguments
        .sweep
        .iter()
        .copied()
        .filter(|size| *size < arguments.accounts)
        .collect();
    sizes.push(arguments.accounts);
    let mut ours_on_slice = None;
    for size in sizes {
        let name = if size == arguments.accounts {
            "headline".to_string()
        } else {
            format!("sweep-{size}")
        };
        let scenario = generate(&scenario_options(&name, size, &arguments));
        let keep = arguments
            .keep_reports
            .as_ref()
            .map(|folder| folder.join(&name));
        let measured = run::ours(&runtime, &binary, scenario.clone(), &[], keep.as_deref())?;
        let bound = bound::floor(&scenario, bound::Path::Api);
        println!("{}", measured.line(&name, size, bound));
        if size == arguments.seed_accounts {
            ours_on_slice = Some(measured.wall_s);
        }
        if size == arguments.accounts && arguments.credential_report {
            let keep = arguments
                .keep_reports
                .as_ref()
                .map(|folder| folder.join(format!("{name}-credential-report")));
            let report = run::ours(
                &runtime,
                &binary,
                scenario.clone(),
                &["--iam-source", "credential-report"],
                keep.as_deref(),
            )?;
            let bound = bound::floor(&scenario, bound::Path::CredentialReport);
            println!(
                "{}",
                report.line(&format!("{name}-credential-report"), size, bound)
            );
        }
    }
    if arguments.seed_accounts > 0 {
        let scenario = generate(&scenario_options(
            "seed-slice",
            arguments.seed_accounts,
            &arguments,
        ));
        let ours = match ours_on_slice {
            Some(wall) => wall,
            None => run::ours(&runtime, &binary, scenario.clone(), &[], None)?.wall_s,
        };
        let seed = run::seed(&runtime, &python, &seed_script, scenario)?;
        println!(
            "BENCH-SEED accounts={} seed_s={:.2} ours_s={:.2} speedup={:.1}",
            arguments.seed_accounts,
            seed,
            ours,
            seed / ours
        );
    }
    Ok(())
}

/// `--scenario NAME`: that scenario's line only.
fn run_one(
    runtime: &tokio::runtime::Runtime,
    binary: &std::path::Path,
    (python, seed_script): (&std::path::Path, &std::path::Path),
    arguments: &Arguments,
    scenario: Scenario,
) -> anyhow::Result<()> {
    let keep = |name: &str| {
        arguments
            .keep_reports
            .as_ref()
            .map(|folder| folder.join(name))
    };
    let (name, options, extra, path): (String, GeneratorOptions, &[&str], bound::Path) =
        match scenario {
            Scenario::Headline => (
                "headline".to_string(),
                scenario_options("headline", arguments.accounts, arguments),
                &[],
                bound::Path::Api,
            ),
            Scenario::HeadlineCredentialReport => (
                "headline-credential-report".to_string(),
                scenario_options("headline", arguments.accounts, arguments),
                &["--iam-source", "credential-report"],
                bound::Path::CredentialReport,
            ),
            Scenario::Sweep(size) => {
                let name = format!("sweep-{size}");
                let options = scenario_options(&name, size, arguments);
                (name, options, &[], bound::Path::Api)
            }
            Scenario::Scale => (
                "scale".to_string(),
                scale_options(arguments.scale_accounts, arguments),
                &[],
                bound::Path::Api,
            ),
            Scenario::Seed => {
                let scenario = generate(&scenario_options(
                    "seed-slice",
                    arguments.seed_accounts.max(1),
                    arguments,
                ));
                let ours = run::ours(runtime, binary, scenario.clone(), &[], None)?.wall_s;
                let seed = run::seed(runtime, python, seed_script, scenario)?;
                println!(
                    "BENCH-SEED accounts={} seed_s={seed:.2} ours_s={ours:.2} speedup={:.1}",
                    arguments.seed_accounts.max(1),
                    seed / ours
                );
                return Ok(());
            }
        };
    let accounts = options.accounts;
    let scenario = generate(&options);
    let measured = run::ours(
        runtime,
        binary,
        scenario.clone(),
        extra,
        keep(&name).as_deref(),
    )?;
    let bound = bound::floor(&scenario, path);
    println!("{}", measured.line(&name, accounts, bound));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenarios_are_named_as_their_lines_are() {
        assert_eq!(parse_scenario("scale"), Ok(Scenario::Scale));
        assert_eq!(parse_scenario("sweep-100"), Ok(Scenario::Sweep(100)));
        assert_eq!(
            parse_scenario("headline-credential-report"),
            Ok(Scenario::HeadlineCredentialReport)
        );
        assert!(parse_scenario("sweep-0").is_err());
        assert!(parse_scenario("huge").is_err_and(|message| message.contains("scale")));
    }

    /// Regression (issue 12): the binary was `target/release/iam-audit` and the seed script
    /// `../shared/...` relative to the current folder, wrong for anyone who sets
    /// CARGO_TARGET_DIR or runs from elsewhere.
    #[test]
    fn defaults_follow_the_build_and_the_repository_not_the_current_folder() {
        let beside = std::env::current_exe()
            .ok()
            .and_then(|path| path.parent().map(|folder| folder.join("iam-audit")));
        assert_eq!(Some(default_binary()), beside);
        assert!(default_seed_script().is_absolute());
        assert!(
            workspace_root().join("Cargo.toml").exists(),
            "the root is the repository's"
        );
    }
}
