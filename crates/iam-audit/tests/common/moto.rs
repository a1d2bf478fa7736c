//! moto's server (PyPI `moto[server]`, installed into `.venv` by `scripts/test`) as a test peer:
//! started on a free port, stopped when dropped. A test fails, never skips, when it is missing.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn venv_tool(variable: &str, name: &str) -> PathBuf {
    let path = std::env::var_os(variable)
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join(".venv/bin").join(name));
    assert!(
        path.exists(),
        "{} is missing: run scripts/test, which installs moto into .venv (or set {variable})",
        path.display()
    );
    path
}

pub struct Moto {
    child: Child,
    pub url: String,
}

impl Moto {
    pub fn start() -> Moto {
        Moto::start_with(&[])
    }

    /// A server with extra environment (`MOTO_IAM_LOAD_MANAGED_POLICIES=true`...).
    pub fn start_with(environment: &[(&str, &str)]) -> Moto {
        let server = venv_tool("IAM_AUDIT_TEST_MOTO_SERVER", "moto_server");
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(server)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .env_remove("MOTO_ACCOUNT_ID")
            .envs(environment.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server starts");
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "moto_server did not listen within 30 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Moto { child, url }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a Python snippet with boto3 against moto (`sys.argv[1]` is moto's URL); its stdout.
pub fn python(moto: &Moto, script: &str) -> String {
    let output = Command::new(venv_tool("IAM_AUDIT_TEST_PYTHON", "python"))
        .args(["-c", script, &moto.url])
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("AWS_ACCESS_KEY_ID", "AKIASETUP")
        .env("AWS_SECRET_ACCESS_KEY", "setup")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}
