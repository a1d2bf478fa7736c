//! The `iam-audit` binary: command line and glue. The only crate that prints or exits; the work is
//! in the collect, rules and report crates.

mod cli;
mod commands;
mod console;
mod exit;
mod printer;
mod profiles;
mod settings;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

use crate::cli::{Cli, Command};

/// The SDK allocates on every call; mimalloc halves what glibc's allocator cost a large audit.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: iam_audit_allocator::MiMalloc = iam_audit_allocator::MiMalloc;

fn main() -> ExitCode {
    #[cfg(feature = "mimalloc")]
    iam_audit_allocator::return_freed_memory_at_once();
    // `bootstrap` is how Lambda's `provided.al2023` runtime starts a function: this binary under
    // that name serves the Runtime API.
    let bootstrap = std::env::args_os()
        .next()
        .map(std::path::PathBuf::from)
        .and_then(|path| path.file_name().map(|name| name == "bootstrap"))
        .unwrap_or(false);
    let parsed = if bootstrap {
        Cli::try_parse_from(["iam-audit", "lambda"])
    } else {
        Cli::try_parse()
    };
    let cli = match parsed {
        Ok(cli) => cli,
        Err(error) if error.use_stderr() => {
            console::err(format!("iam-audit: {} (see --help)", cli::one_line(&error)));
            return exit::code(exit::USAGE);
        }
        Err(error) => {
            // --help and --version.
            let _ = error.print();
            return exit::code(exit::COMPLETE);
        }
    };
    if matches!(cli.command, Some(Command::Lambda)) {
        init_lambda_logging();
    } else {
        init_logging(cli.verbosity.verbose);
    }
    settings::set_language(requested_language(&cli));
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            console::err(format_args!(
                "iam-audit: cannot start the async runtime: {error}"
            ));
            return exit::code(exit::FATAL);
        }
    };
    let invocation = settings::Invocation {
        quiet: cli.verbosity.quiet,
        now: chrono::Utc::now(),
        stamp: chrono::Local::now().format("%Y%m%d_%H%M%S").to_string(),
    };
    // The command runs on a runtime worker rather than on this thread: the allocator's heaps are
    // per thread, so judging and writing reuse the memory the collection freed on the workers
    // instead of growing the process by the size of the findings (60 MB at 1,000 accounts).
    let result = runtime
        .block_on(runtime.spawn(run_command(cli, invocation)))
        .unwrap_or_else(|failure| Err(anyhow::anyhow!("the command stopped: {failure}")));
    match result {
        Ok(code) => exit::code(code),
        Err(error) => {
            if let Some(invalid) = error.downcast_ref::<settings::InvalidInput>() {
                console::err(format_args!("iam-audit: {}", invalid.one_line()));
                return exit::code(exit::USAGE);
            }
            console::err(format_args!("iam-audit: {error:#}"));
            exit::code(exit::FATAL)
        }
    }
}

async fn run_command(cli: Cli, invocation: settings::Invocation) -> anyhow::Result<u8> {
    match &cli.command {
        #[cfg(feature = "demo")]
        Some(Command::Demo(arguments)) => commands::demo::execute(arguments, &invocation).await,
        Some(Command::Audit(arguments)) => commands::audit::run(arguments, &invocation).await,
        Some(Command::Rules { .. }) => commands::rules::list(),
        Some(Command::Doctor(arguments)) => commands::doctor::execute(arguments, &invocation).await,
        Some(Command::Policy(arguments)) => commands::policy::execute(arguments),
        Some(Command::Diff(arguments)) => commands::diff::execute(arguments, &invocation).await,
        Some(Command::Merge(arguments)) => commands::merge::run(arguments, &invocation).await,
        Some(Command::Trend(arguments)) => commands::trend::execute(arguments).await,
        Some(Command::Deploy(arguments)) => commands::deploy::execute(arguments),
        Some(Command::Lambda) => commands::lambda::serve().await,
        Some(Command::Explain { rule, .. }) => commands::rules::explain(rule),
        Some(Command::Completions { shell }) => commands::shell::completions(*shell),
        Some(Command::Man) => commands::shell::man(),
        None => commands::audit::run(&cli.audit, &invocation).await,
    }
}

/// The language asked for with `--lang`, or the locale's.
fn requested_language(cli: &Cli) -> iam_audit_report::Language {
    let requested = match &cli.command {
        Some(Command::Audit(arguments)) => arguments.output.lang,
        #[cfg(feature = "demo")]
        Some(Command::Demo(arguments)) => arguments.output.lang,
        Some(Command::Doctor(arguments)) => arguments.lang,
        Some(Command::Diff(arguments)) => arguments.lang,
        Some(Command::Merge(arguments)) => arguments.output.lang,
        Some(Command::Rules { lang } | Command::Explain { lang, .. }) => *lang,
        None => cli.audit.output.lang,
        _ => None,
    };
    requested.map_or_else(
        || iam_audit_report::Language::from_locale(|name| std::env::var(name).ok()),
        iam_audit_report::Language::from,
    )
}

/// JSON lines on stdout, as CloudWatch Logs takes them from a Lambda function: iam-audit's own
/// events at `info` and above, the SDK's warnings; `IAM_AUDIT_LOG` overrides.
fn init_lambda_logging() {
    let filter = EnvFilter::try_from_env("IAM_AUDIT_LOG")
        .unwrap_or_else(|_| EnvFilter::new("warn,iam_audit=info,iam_audit_collect=info"));
    let _ = tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_current_span(false)
        .with_target(true)
        .try_init();
}

/// Logs on stderr. At the default verbosity only iam-audit's own warnings show: the SDK's are
/// `Debug` dumps of nested errors (a credential provider that was not enabled, say) that the
/// one-line messages already explain; `-v` and `-vv` show them.
fn init_logging(verbose: u8) {
    let filter = match verbose {
        0 => "error,iam_audit=warn,iam_audit_collect=warn",
        1 => "warn,iam_audit=debug,iam_audit_collect=debug",
        _ => {
            "info,iam_audit=trace,iam_audit_collect=trace,aws_config=debug,aws_smithy_runtime=debug"
        }
    };
    let filter =
        EnvFilter::try_from_env("IAM_AUDIT_LOG").unwrap_or_else(|_| EnvFilter::new(filter));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none())
        .with_target(false)
        .try_init();
}
