//! Runs one audit (ours or the original's) against a fresh emulator and measures it.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::Context;
use iam_audit_emulator::{RunningEmulator, Scenario};

/// What one run of iam-audit measured.
pub struct Measured {
    pub wall_s: f64,
    pub api_calls: usize,
    pub throttled: usize,
    pub peak_rss_mb: f64,
    pub cpu_s: f64,
    pub exit_code: i32,
    pub report_errors: usize,
}

impl Measured {
    /// The BENCH line, and a detail line.
    pub fn line(&self, name: &str, accounts: usize, bound: f64) -> String {
        format!(
            "BENCH scenario={name} accounts={accounts} wall_s={:.2} bound_s={:.2} ratio={:.3} api_calls={} throttled={} peak_rss_mb={:.1} cpu_s={:.2}\n\
             BENCH-DETAIL scenario={name} exit_code={} errors_in_report={}",
            self.wall_s,
            bound,
            self.wall_s / bound,
            self.api_calls,
            self.throttled,
            self.peak_rss_mb,
            self.cpu_s,
            self.exit_code,
            self.report_errors,
        )
    }
}

fn throttled(calls: &[iam_audit_emulator::Call]) -> usize {
    calls
        .iter()
        .filter(|call| {
            matches!(
                call.error_code.as_deref(),
                Some("Throttling" | "ThrottlingException" | "TooManyRequestsException")
            )
        })
        .count()
}

/// The high-water mark of a live process's resident set (`VmHWM`), in kB.
fn high_water_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Waits for a child and returns its exit code, peak RSS in MB and CPU seconds.
///
/// The peak is the child's own `VmHWM` (a high-water mark, so a sample taken after the peak holds
/// it), read every 10 ms while it runs; only a rise in its last 10 ms could be missed. Not wait4's `ru_maxrss`: Linux counts in it the high-water mark of
/// the memory image the child replaced at exec, which is this benchmark's own (the emulator and its
/// call log): after the 1,000-account run that read 183 MB for a child whose own peak was 135 MB.
/// CPU time is wait4's, which is the child's alone.
fn wait(child: &std::process::Child) -> anyhow::Result<(i32, f64, f64)> {
    let id = child.id();
    let pid = libc::pid_t::try_from(id)?;
    let exited = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sampler = {
        let exited = exited.clone();
        std::thread::spawn(move || {
            let mut peak = 0;
            while !exited.load(std::sync::atomic::Ordering::Acquire) {
                peak = high_water_kb(id).unwrap_or(0).max(peak);
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            peak
        })
    };
    // SAFETY-free alternative does not exist in std: waitid(WNOWAIT) waits for the exit without
    // reaping (the pid stays the child's while the sampler stops) and wait4 is the only way to get
    // one child's rusage. The workspace forbids unsafe code, so this crate opts out for these calls.
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::waitid(libc::P_PID, id, &mut info, libc::WEXITED | libc::WNOWAIT) };
    anyhow::ensure!(waited == 0, "waitid failed");
    exited.store(true, std::sync::atomic::Ordering::Release);
    let sampled = sampler
        .join()
        .map_err(|_| anyhow::anyhow!("the RSS sampler panicked"))?;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    anyhow::ensure!(waited == pid, "wait4 failed");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    let cpu = usage.ru_utime.tv_sec as f64
        + usage.ru_utime.tv_usec as f64 / 1e6
        + usage.ru_stime.tv_sec as f64
        + usage.ru_stime.tv_usec as f64 / 1e6;
    Ok((code, sampled as f64 / 1024.0, cpu))
}

/// Runs the iam-audit binary against `scenario` with the scenario's own limits as its rates.
pub fn ours(
    runtime: &tokio::runtime::Runtime,
    binary: &Path,
    scenario: Scenario,
    extra: &[&str],
    keep: Option<&Path>,
) -> anyhow::Result<Measured> {
    let limits = scenario.settings.rate_limits;
    let rate = |value: Option<f64>| value.map_or_else(|| "0".to_string(), |rate| rate.to_string());
    let emulator = runtime.block_on(RunningEmulator::start(scenario, 0))?;
    let output = tempfile::tempdir()?;
    let started = Instant::now();
    let child = Command::new(binary)
        // The defaults (concurrency, reports in CSV and HTML): what a user's run does.
        .args(["-q", "--output-dir"])
        .arg(output.path().join("reports"))
        .args([
            "--iam-rate",
            &rate(limits.iam),
            "--cloudtrail-rate",
            &rate(limits.cloudtrail),
        ])
        .args([
            "--sts-rate",
            &rate(limits.sts),
            "--organizations-rate",
            &rate(limits.organizations),
        ])
        .args(extra)
        .env("AWS_ENDPOINT_URL", emulator.endpoint_url())
        .env(
            "AWS_ACCESS_KEY_ID",
            iam_audit_emulator::CALLER_ACCESS_KEY_ID,
        )
        .env("AWS_SECRET_ACCESS_KEY", "bench-secret")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env_remove("AWS_PROFILE")
        .stdout(Stdio::null())
        .spawn()
        .with_context(|| format!("starting {}", binary.display()))?;
    let (exit_code, peak_rss_mb, cpu_s) = wait(&child)?;
    let wall_s = started.elapsed().as_secs_f64();
    let calls = emulator.calls();
    let report_errors = std::fs::read_dir(output.path().join("reports"))?
        .flatten()
        .map(|entry| entry.path())
        .find(|path| path.to_string_lossy().contains("audit_errors_"))
        .map(|path| {
            csv::Reader::from_path(path)
                .map(|mut reader| reader.records().count())
                .unwrap_or(0)
        })
        .unwrap_or(0);
    if let Some(keep) = keep {
        std::fs::create_dir_all(keep)?;
        for entry in std::fs::read_dir(output.path().join("reports"))?.flatten() {
            std::fs::copy(entry.path(), keep.join(entry.file_name()))?;
        }
        emulator.write_call_log(&keep.join("calls.jsonl"))?;
    }
    runtime.block_on(emulator.shutdown());
    Ok(Measured {
        wall_s,
        api_calls: calls.len(),
        throttled: throttled(&calls),
        peak_rss_mb,
        cpu_s,
        exit_code,
        report_errors,
    })
}

/// Runs the original tool's algorithm against `scenario`; returns its wall time.
pub fn seed(
    runtime: &tokio::runtime::Runtime,
    python: &Path,
    script: &Path,
    scenario: Scenario,
) -> anyhow::Result<f64> {
    anyhow::ensure!(
        python.exists(),
        "{} is missing: scripts/bench makes the virtualenv",
        python.display()
    );
    anyhow::ensure!(
        script.exists(),
        "{} is missing (the shared folder beside the repository)",
        script.display()
    );
    let emulator = runtime.block_on(RunningEmulator::start(scenario, 0))?;
    let output = tempfile::tempdir()?;
    let started = Instant::now();
    let status = Command::new(python)
        .arg(script)
        .args(["--role", "AWSControlTowerExecution", "--output-dir"])
        .arg(output.path())
        .env("AWS_ENDPOINT_URL", emulator.endpoint_url())
        .env("AWS_ACCESS_KEY_ID", "AKIABENCHSEED")
        .env("AWS_SECRET_ACCESS_KEY", "bench-secret")
        .env("AWS_REGION", "us-east-1")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env_remove("AWS_PROFILE")
        .stdout(Stdio::null())
        .status()?;
    let seconds = started.elapsed().as_secs_f64();
    runtime.block_on(emulator.shutdown());
    anyhow::ensure!(status.success(), "the original tool failed: {status}");
    Ok(seconds)
}
