//! What the audit prints while it runs: the original tool's per-account lines on stdout, in the
//! run's language, and a one-line reason for each account that could not be fully read.

use std::io::Write;
use std::sync::Mutex;

use iam_audit_collect::Progress;
use iam_audit_model::{Account, AccountSnapshot};
use iam_audit_report::Messages;

/// Prints progress lines; silent with `-q`.
pub struct ConsolePrinter {
    messages: Messages,
    quiet: bool,
    lock: Mutex<()>,
}

impl ConsolePrinter {
    /// A printer in the run's language.
    pub fn new(messages: Messages, quiet: bool) -> ConsolePrinter {
        ConsolePrinter {
            messages,
            quiet,
            lock: Mutex::new(()),
        }
    }

    fn line(&self, text: &str) {
        if self.quiet {
            return;
        }
        let _guard = self.lock.lock();
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{text}");
    }
}

impl Progress for ConsolePrinter {
    fn account_started(&self, account: &Account) {
        self.line(&self.messages.auditing_account(&account.name, &account.id));
    }

    fn account_finished(&self, snapshot: &AccountSnapshot) {
        let Some(first) = snapshot.errors.first() else {
            return;
        };
        let mut reason = self.messages.failure(first);
        let more = snapshot.errors.len() - 1;
        if more > 0 {
            reason.push_str(&format!(" (+{more})"));
        }
        // Errors reach the console even with -q: they change the exit code.
        let _guard = self.lock.lock();
        let _ = writeln!(
            std::io::stdout().lock(),
            "{}",
            self.messages.account_error(&snapshot.account.name, &reason)
        );
    }
}
