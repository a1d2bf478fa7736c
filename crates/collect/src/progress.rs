//! What the collection tells the outside while it runs (progress) and how the outside stops it
//! (an interrupt), kept apart from the collection so that the binary prints and tests stay silent.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use iam_audit_model::{Account, AccountSnapshot};

/// Hears about the audit's progress (the binary prints; tests stay silent).
pub trait Progress: Send + Sync {
    /// An account's audit starts.
    fn account_started(&self, _account: &Account) {}
    /// An account's audit ended.
    fn account_finished(&self, _snapshot: &AccountSnapshot) {}
    /// More accounts were listed; `total` is the number to audit so far.
    fn accounts_listed(&self, _total: usize) {}
    /// The caller's account belongs to no organization: it is audited alone.
    fn standalone_account(&self, _account_id: &str) {}
}

/// Stops a running collection (Ctrl-C, SIGTERM, a Lambda deadline): accounts already audited are
/// kept, the others are reported as not audited.
#[derive(Clone, Default)]
pub struct Interrupt {
    notify: Arc<tokio::sync::Notify>,
    raised: Arc<AtomicBool>,
}

impl Interrupt {
    /// Asks the collection to stop.
    pub fn raise(&self) {
        self.raised.store(true, Ordering::SeqCst);
        self.notify.notify_waiters();
    }

    /// True once raised.
    pub fn is_raised(&self) -> bool {
        self.raised.load(Ordering::SeqCst)
    }

    /// Resolves when raised.
    pub async fn raised(&self) {
        loop {
            let notified = self.notify.notified();
            if self.is_raised() {
                return;
            }
            notified.await;
        }
    }
}
