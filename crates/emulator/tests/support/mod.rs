//! What the third-party client tests share: the standalone emulator binary started on a scenario
//! (stopped when dropped), and boto3 scripts run against it from the test virtualenv.
//!
//! Needs the virtualenv that `scripts/test` makes (boto3 comes with moto); it fails, never skips,
//! without it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The repository's root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `path`, which must exist.
pub fn required(path: PathBuf, what: &str) -> PathBuf {
    assert!(
        path.exists(),
        "{what} is missing at {}: run scripts/test",
        path.display()
    );
    path
}

/// A running standalone emulator, killed when dropped.
pub struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the standalone emulator on `scenario` (`demo` or a file) and returns its endpoint.
pub fn start(folder: &Path, scenario: &str) -> (Server, String) {
    let port_file = folder.join("port");
    let child = Command::new(env!("CARGO_BIN_EXE_iam-audit-emulator"))
        .args(["--scenario", scenario, "--port", "0", "--port-file"])
        .arg(&port_file)
        .stderr(Stdio::null())
        .spawn()
        .expect("the emulator starts");
    let server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(port) = std::fs::read_to_string(&port_file)
            && !port.is_empty()
        {
            return (server, format!("http://127.0.0.1:{}", port.trim()));
        }
        assert!(
            Instant::now() < deadline,
            "the emulator did not report its port"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Starts the standalone emulator on a scenario file of `tests/fixtures`.
#[allow(
    dead_code,
    reason = "third_party_clients.rs writes its own scenario files; tests/boto3 uses the fixtures"
)]
pub fn start_fixture(folder: &Path, name: &str) -> (Server, String) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    start(folder, &path.to_string_lossy())
}

/// The test virtualenv's Python.
pub fn python() -> PathBuf {
    std::env::var_os("IAM_AUDIT_TEST_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            required(
                workspace_root().join(".venv/bin/python"),
                "the test virtualenv",
            )
        })
}

/// Points boto3 at `endpoint` with static credentials the emulator did not issue (the caller).
pub fn boto3_environment(command: &mut Command, endpoint: &str) {
    command
        .env("AWS_ENDPOINT_URL", endpoint)
        .env("AWS_ACCESS_KEY_ID", "AKIATHIRDPARTYCLIENT")
        .env("AWS_SECRET_ACCESS_KEY", "third-party-secret")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env_remove("AWS_PROFILE");
}

/// Runs a boto3 script against an endpoint; it must print `ok`.
pub fn run_boto3(script: &str, endpoint: &str) {
    let mut command = Command::new(python());
    command.args(["-c", script]);
    boto3_environment(&mut command, endpoint);
    let output = command.output().expect("python runs");
    assert!(
        output.status.success() && String::from_utf8_lossy(&output.stdout).trim() == "ok",
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
