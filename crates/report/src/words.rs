//! The words that fill report cells, from the catalogues. The seed's words stay in Spanish runs
//! (`Configurada`, `Nunca`, `Nunca utilizada`); its MFA words (`None`, `Virtual`, `Hardware`) and
//! `N/A` are the same in both languages, as in the original, so they are not translated.

use iam_audit_i18n::text;
use iam_audit_model::MfaKind;

use crate::messages::Language;

/// Cell words in one language.
#[derive(Debug, Clone, Copy)]
pub struct Words(pub Language);

impl Words {
    fn word(self, id: &str) -> String {
        text(self.0, id, &[])
    }

    /// A console password exists.
    pub fn configured(self) -> String {
        self.word("word-configured")
    }

    /// No console password.
    pub fn not_configured(self) -> String {
        self.word("word-not-configured")
    }

    /// A password never used.
    pub fn never(self) -> String {
        self.word("word-never")
    }

    /// A key never used.
    pub fn never_used(self) -> String {
        self.word("word-never-used")
    }

    /// A value that could not be read.
    pub fn unknown(self) -> String {
        self.word("word-unknown")
    }

    /// A key's CloudTrail activity was looked up and holds no event.
    pub fn no_events(self) -> String {
        self.word("word-no-events")
    }

    /// Not applicable.
    pub fn not_applicable(self) -> &'static str {
        "N/A"
    }

    /// The MFA column's word.
    pub fn mfa(self, kind: Option<MfaKind>) -> &'static str {
        match kind {
            None => "None",
            Some(MfaKind::Virtual) => "Virtual",
            Some(MfaKind::Hardware) => "Hardware",
            Some(MfaKind::SecurityKey) => "SecurityKey",
        }
    }
}
