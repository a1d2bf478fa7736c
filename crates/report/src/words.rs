//! The words that fill report cells. The seed's words stay in Spanish runs (`Configurada`,
//! `Nunca`, `Nunca utilizada`); its MFA words (`None`, `Virtual`, `Hardware`) and `N/A` are the
//! same in both languages, as in the original.

use iam_audit_model::MfaKind;

use crate::messages::Language;

/// Cell words in one language.
#[derive(Debug, Clone, Copy)]
pub struct Words(pub Language);

impl Words {
    fn pick(self, spanish: &'static str, english: &'static str) -> &'static str {
        match self.0 {
            Language::Spanish => spanish,
            Language::English => english,
        }
    }

    /// A console password exists.
    pub fn configured(self) -> &'static str {
        self.pick("Configurada", "Configured")
    }

    /// No console password.
    pub fn not_configured(self) -> &'static str {
        self.pick("No configurada", "Not configured")
    }

    /// A password never used.
    pub fn never(self) -> &'static str {
        self.pick("Nunca", "Never")
    }

    /// A key never used.
    pub fn never_used(self) -> &'static str {
        self.pick("Nunca utilizada", "Never used")
    }

    /// A value that could not be read.
    pub fn unknown(self) -> &'static str {
        self.pick("Desconocido", "Unknown")
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
