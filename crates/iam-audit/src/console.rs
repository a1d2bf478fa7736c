//! Every line for a person goes through here: results on stdout, errors on stderr. A reader that
//! went away (`iam-audit rules | head`, a pager closed early) ends that stream's output quietly,
//! as ripgrep does: later lines are dropped, nothing panics, and the command goes on to write its
//! reports and exit with its own code. (`println!` panics on a closed pipe.)

use std::fmt::Display;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);
static TO_LOGS: AtomicBool = AtomicBool::new(false);

/// Sends every line to the log instead (JSON lines in a Lambda function's CloudWatch logs): a
/// line for a person becomes an `info` event, an error line a `warn` one.
pub fn to_logs() {
    TO_LOGS.store(true, Ordering::Relaxed);
}

/// Prints a line on stdout.
pub fn out(line: impl Display) {
    if TO_LOGS.load(Ordering::Relaxed) {
        tracing::info!(target: "iam_audit::console", "{line}");
        return;
    }
    write_line(&mut std::io::stdout().lock(), &STDOUT_CLOSED, &line);
}

/// Prints a line on stderr.
pub fn err(line: impl Display) {
    if TO_LOGS.load(Ordering::Relaxed) {
        tracing::warn!(target: "iam_audit::console", "{line}");
        return;
    }
    write_line(&mut std::io::stderr().lock(), &STDERR_CLOSED, &line);
}

/// Writes raw bytes on stdout (completion scripts, the man page, templates).
pub fn out_bytes(bytes: &[u8]) {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .is_err()
    {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
    }
}

fn write_line(stream: &mut dyn Write, closed: &AtomicBool, line: &dyn Display) {
    if closed.load(Ordering::Relaxed) {
        return;
    }
    // Any failure (a closed pipe, a full disk) closes the stream for the rest of the run: there
    // is nowhere left to say it.
    if writeln!(stream, "{line}")
        .and_then(|()| stream.flush())
        .is_err()
    {
        closed.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Closed;

    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_stream_is_dropped_quietly() {
        let closed = AtomicBool::new(false);
        write_line(&mut Closed, &closed, &"first");
        assert!(closed.load(Ordering::Relaxed));
        // Later lines are not even attempted.
        write_line(&mut Closed, &closed, &"second");
        let mut buffer = Vec::new();
        let open = AtomicBool::new(false);
        write_line(&mut buffer, &open, &"shown");
        assert_eq!(buffer, b"shown\n");
    }
}
