//! What the audit prints while it runs: the original tool's per-account lines on stdout, in the
//! run's language, a one-line reason for each account that could not be fully read, and, when
//! stderr is a terminal, a progress bar there (accounts done of total, keys found, errors,
//! elapsed and remaining time). Without a terminal only the plain lines are printed.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use iam_audit_collect::Progress;
use iam_audit_model::{Account, AccountSnapshot};
use iam_audit_report::Messages;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Prints progress lines; silent with `-q` (but for errors).
pub struct ConsolePrinter {
    messages: Messages,
    quiet: bool,
    lock: Mutex<()>,
    bar: Option<ProgressBar>,
    keys: AtomicUsize,
    errors: AtomicUsize,
}

impl ConsolePrinter {
    /// A printer in the run's language; a progress bar when stderr is a terminal and not `-q`.
    pub fn new(messages: Messages, quiet: bool) -> ConsolePrinter {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let colour = std::env::var_os("NO_COLOR").is_none();
            let template = if colour {
                "{spinner:.cyan} [{elapsed_precise}] {bar:32.cyan/blue} {pos}/{len} {msg} (eta {eta})"
            } else {
                "{spinner} [{elapsed_precise}] {bar:32} {pos}/{len} {msg} (eta {eta})"
            };
            let style = ProgressStyle::with_template(template)
                .unwrap_or_else(|_| ProgressStyle::default_bar());
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            bar.set_style(style);
            bar
        });
        ConsolePrinter {
            messages,
            quiet,
            lock: Mutex::new(()),
            bar,
            keys: AtomicUsize::new(0),
            errors: AtomicUsize::new(0),
        }
    }

    fn print(&self, text: &str) {
        let _guard = self.lock.lock();
        let write = || crate::console::out(text);
        match &self.bar {
            Some(bar) => bar.suspend(write),
            None => write(),
        }
    }

    /// Removes the bar before the closing lines.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Progress for ConsolePrinter {
    fn accounts_listed(&self, total: usize) {
        if let Some(bar) = &self.bar {
            bar.set_length(total as u64);
        }
    }

    fn standalone_account(&self, account_id: &str) {
        // Said even with -q: it changes what the run covers.
        self.print(&iam_audit_i18n::text(
            self.messages.language,
            "standalone-account",
            &[("account", account_id.to_string())],
        ));
    }

    fn account_started(&self, account: &Account) {
        if !self.quiet {
            self.print(&self.messages.auditing_account(&account.name, &account.id));
        }
    }

    fn account_finished(&self, snapshot: &AccountSnapshot) {
        let keys = self
            .keys
            .fetch_add(snapshot.access_keys().count(), Ordering::Relaxed)
            + snapshot.access_keys().count();
        let errors = self
            .errors
            .fetch_add(snapshot.errors.len(), Ordering::Relaxed)
            + snapshot.errors.len();
        if let Some(bar) = &self.bar {
            bar.inc(1);
            bar.set_message(iam_audit_i18n::text(
                self.messages.language,
                "progress",
                &[("keys", keys.to_string()), ("errors", errors.to_string())],
            ));
        }
        let Some(first) = snapshot.errors.first() else {
            return;
        };
        let mut reason = self.messages.failure(first);
        let more = snapshot.errors.len() - 1;
        if more > 0 {
            reason.push_str(&format!(" (+{more})"));
        }
        // Errors reach the console even with -q: they change the exit code.
        self.print(&self.messages.account_error(&snapshot.account.name, &reason));
    }
}
