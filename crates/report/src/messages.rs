//! Every line the audit prints, in Spanish (the original tool's language, kept word for word) and
//! English. Both languages live in the same `match`, so a message cannot exist in one and not the
//! other: a missing translation does not compile.

use iam_audit_model::{CollectionError, ErrorKind};

use crate::cells::terminal_safe;

/// The language of console lines and report words. CSV headers, JSON keys and rule ids are never
/// translated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// The original tool's language.
    Spanish,
    /// English.
    English,
}

impl Language {
    /// `es` or `en`.
    pub fn parse(text: &str) -> Option<Language> {
        match text.to_ascii_lowercase().as_str() {
            "es" | "spanish" | "español" => Some(Language::Spanish),
            "en" | "english" => Some(Language::English),
            _ => None,
        }
    }

    /// From `LC_ALL`, `LC_MESSAGES`, `LANG` (the first that is set and not empty, as POSIX
    /// orders them): a Spanish locale gives Spanish, anything else English.
    pub fn from_locale(lookup: impl Fn(&str) -> Option<String>) -> Language {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(&lookup)
            .find(|value| !value.is_empty())
            .unwrap_or_default();
        if locale.to_ascii_lowercase().starts_with("es") {
            Language::Spanish
        } else {
            Language::English
        }
    }

    /// `es` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Spanish => "es",
            Language::English => "en",
        }
    }
}

/// The console lines of one run.
#[derive(Debug, Clone, Copy)]
pub struct Messages {
    /// Their language.
    pub language: Language,
}

impl Messages {
    /// Messages in `language`.
    pub fn new(language: Language) -> Messages {
        Messages { language }
    }

    fn pick(&self, spanish: String, english: String) -> String {
        match self.language {
            Language::Spanish => spanish,
            Language::English => english,
        }
    }

    /// `Auditando cuenta: Production (123456789012)`.
    pub fn auditing_account(&self, name: &str, id: &str) -> String {
        let name = terminal_safe(name);
        self.pick(
            format!("Auditando cuenta: {name} ({id})"),
            format!("Auditing account: {name} ({id})"),
        )
    }

    /// `Error en cuenta Production: <reason>`.
    pub fn account_error(&self, name: &str, reason: &str) -> String {
        let name = terminal_safe(name);
        let reason = terminal_safe(reason);
        self.pick(
            format!("Error en cuenta {name}: {reason}"),
            format!("Error in account {name}: {reason}"),
        )
    }

    /// `Total de Access Keys encontradas: 47`.
    pub fn total_keys(&self, count: usize) -> String {
        self.pick(
            format!("Total de Access Keys encontradas: {count}"),
            format!("Total Access Keys found: {count}"),
        )
    }

    /// When no key was found.
    pub fn no_keys(&self) -> String {
        self.pick(
            "No se encontraron Access Keys.".to_string(),
            "No Access Keys found.".to_string(),
        )
    }

    /// `Reporte exportado: <path>`.
    pub fn report_exported(&self, path: &str) -> String {
        self.pick(
            format!("Reporte exportado: {path}"),
            format!("Report exported: {path}"),
        )
    }

    /// `Reporte de eventos CloudTrail exportado: <path>`.
    pub fn events_exported(&self, path: &str) -> String {
        self.pick(
            format!("Reporte de eventos CloudTrail exportado: {path}"),
            format!("CloudTrail events report exported: {path}"),
        )
    }

    /// The users report's line.
    pub fn users_exported(&self, path: &str) -> String {
        self.pick(
            format!("Reporte de usuarios exportado: {path}"),
            format!("Users report exported: {path}"),
        )
    }

    /// The errors report's line.
    pub fn errors_exported(&self, path: &str) -> String {
        self.pick(
            format!("Reporte de errores exportado: {path}"),
            format!("Errors report exported: {path}"),
        )
    }

    /// The findings report's line.
    pub fn findings_exported(&self, path: &str) -> String {
        self.pick(
            format!("Reporte de hallazgos exportado: {path}"),
            format!("Findings report exported: {path}"),
        )
    }

    /// The root report's line.
    pub fn root_exported(&self, path: &str) -> String {
        self.pick(
            format!("Reporte de cuentas root exportado: {path}"),
            format!("Root accounts report exported: {path}"),
        )
    }

    /// A severity's name.
    pub fn severity(&self, severity: iam_audit_rules::Severity) -> String {
        use iam_audit_rules::Severity;
        let (spanish, english) = match severity {
            Severity::Critical => ("crítica", "critical"),
            Severity::High => ("alta", "high"),
            Severity::Medium => ("media", "medium"),
            Severity::Low => ("baja", "low"),
            Severity::Info => ("informativa", "info"),
        };
        self.pick(spanish.to_string(), english.to_string())
    }

    /// `Findings: critical 3, high 10, ... (2 suppressed)`.
    pub fn findings_summary(&self, counts: &[(String, usize)], suppressed: usize) -> String {
        let list = counts
            .iter()
            .map(|(name, count)| format!("{name} {count}"))
            .collect::<Vec<_>>()
            .join(", ");
        self.pick(
            format!("Hallazgos: {list} ({suppressed} suprimidos)"),
            format!("Findings: {list} ({suppressed} suppressed)"),
        )
    }

    /// The accounts with the most critical findings.
    pub fn most_critical(&self, accounts: &[(String, String, usize)]) -> String {
        let list = accounts
            .iter()
            .map(|(name, id, count)| format!("{} ({id}) {count}", terminal_safe(name)))
            .collect::<Vec<_>>()
            .join(", ");
        self.pick(
            format!("Cuentas con más hallazgos críticos: {list}"),
            format!("Accounts with the most critical findings: {list}"),
        )
    }

    /// Why the exit code is 1.
    pub fn fail_on(&self, severity: &str, count: usize) -> String {
        self.pick(
            format!("{count} hallazgos sin suprimir de severidad {severity} o superior (--fail-on): código de salida 1."),
            format!("{count} unsuppressed findings at or above {severity} (--fail-on): exit code 1."),
        )
    }

    /// Any other report's line.
    pub fn file_exported(&self, path: &str) -> String {
        self.pick(
            format!("Archivo exportado: {path}"),
            format!("File exported: {path}"),
        )
    }

    /// The closing line of an incomplete audit.
    pub fn audit_incomplete(&self, failures: usize, accounts: usize) -> String {
        self.pick(
            format!(
                "Auditoría incompleta: {failures} lecturas fallaron en {accounts} cuentas; los datos que faltan están en el reporte de errores (código de salida 2)."
            ),
            format!(
                "Audit incomplete: {failures} reads failed in {accounts} accounts; what is missing is listed in the errors report (exit code 2)."
            ),
        )
    }

    /// A skipped account.
    pub fn account_skipped(&self, name: &str, id: &str, state: &str, reason: &str) -> String {
        let name = terminal_safe(name);
        let (spanish_reason, english_reason) = match reason {
            "not_active" => ("no está ACTIVE", "not ACTIVE"),
            "excluded" => (
                "excluida con --exclude-accounts",
                "excluded by --exclude-accounts",
            ),
            _ => ("no está en --accounts", "not in --accounts"),
        };
        self.pick(
            format!("Cuenta omitida: {name} ({id}, {state}): {spanish_reason}"),
            format!("Account skipped: {name} ({id}, {state}): {english_reason}"),
        )
    }

    /// One failed read, with what to do about it, on one line.
    pub fn failure(&self, error: &CollectionError) -> String {
        let code = error.code.as_deref().unwrap_or(error.kind.as_str());
        let resource = error
            .resource
            .as_deref()
            .map(|resource| format!(" [{}]", terminal_safe(resource)))
            .unwrap_or_default();
        format!(
            "{} ({code}){resource}: {} — {}",
            error.api,
            terminal_safe(&error.message),
            self.advice(error)
        )
    }

    /// What to do about a failure.
    pub fn advice(&self, error: &CollectionError) -> String {
        let (spanish, english) = match (error.kind, error.api.as_str()) {
            (ErrorKind::AccessDenied, "sts:AssumeRole") => (
                "despliegue el rol en la cuenta o corrija su política de confianza (iam-audit doctor lo comprueba)",
                "deploy the role in the account or fix its trust policy (iam-audit doctor checks it)",
            ),
            (ErrorKind::AccessDenied, _) => (
                "conceda esta acción de lectura al rol de auditoría y revise las SCP (iam-audit policy la lista)",
                "grant this read action to the audit role and check SCPs (iam-audit policy lists it)",
            ),
            (ErrorKind::Throttling, _) => (
                "AWS limitó las llamadas; reintente con menos --iam-rate / --cloudtrail-rate",
                "AWS throttled the calls; run again with a lower --iam-rate / --cloudtrail-rate",
            ),
            (ErrorKind::InvalidCredentials, _) => (
                "renueve las credenciales (aws sso login) y vuelva a ejecutar",
                "refresh the credentials (aws sso login) and run again",
            ),
            (ErrorKind::Unreachable, _) => (
                "compruebe la red, el proxy y AWS_ENDPOINT_URL",
                "check the network, proxy and AWS_ENDPOINT_URL",
            ),
            (ErrorKind::Timeout, _) => (
                "el servicio no respondió a tiempo; vuelva a ejecutar",
                "the service did not answer in time; run again",
            ),
            (ErrorKind::ServiceUnavailable, _) => (
                "error del servicio de AWS; vuelva a ejecutar más tarde",
                "AWS service error; run again later",
            ),
            (ErrorKind::MalformedResponse, _) => (
                "respuesta ilegible; vuelva a ejecutar y, si persiste, informe del fallo",
                "unreadable answer; run again and report it if it persists",
            ),
            (ErrorKind::Other, _) => ("revise el mensaje de AWS", "see AWS's message"),
        };
        self.pick(spanish.to_string(), english.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_lines_are_the_seeds() {
        let messages = Messages::new(Language::Spanish);
        assert_eq!(
            messages.auditing_account("Production", "123456789012"),
            "Auditando cuenta: Production (123456789012)"
        );
        assert_eq!(
            messages.total_keys(47),
            "Total de Access Keys encontradas: 47"
        );
        assert_eq!(
            messages.report_exported("iam_audit_report_20260305_153022.csv"),
            "Reporte exportado: iam_audit_report_20260305_153022.csv"
        );
        assert_eq!(
            messages.events_exported("cloudtrail_events_20260305_153022.csv"),
            "Reporte de eventos CloudTrail exportado: cloudtrail_events_20260305_153022.csv"
        );
        assert_eq!(messages.account_error("Dev", "x"), "Error en cuenta Dev: x");
    }

    #[test]
    fn the_locale_decides_the_default_language() {
        let environment = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| value.to_string())
            }
        };
        assert_eq!(
            Language::from_locale(environment(&[("LANG", "es_ES.UTF-8")])),
            Language::Spanish
        );
        assert_eq!(
            Language::from_locale(environment(&[
                ("LC_ALL", "en_US.UTF-8"),
                ("LANG", "es_ES.UTF-8")
            ])),
            Language::English
        );
        assert_eq!(
            Language::from_locale(environment(&[("LC_ALL", ""), ("LC_MESSAGES", "es_MX")])),
            Language::Spanish
        );
        assert_eq!(Language::from_locale(environment(&[])), Language::English);
    }

    #[test]
    fn terminal_lines_carry_no_control_characters() {
        let line = Messages::new(Language::English).auditing_account("Evil\u{1b}[2J", "1");
        assert!(!line.chars().any(char::is_control));
    }
}
