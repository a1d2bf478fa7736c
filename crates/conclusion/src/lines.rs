//! Where the conclusion's lines for a person go. The library composes them; the binary owns the
//! terminal (or, in Lambda, the log) and prints them.

/// A sink for lines: results on `out`, errors and warnings on `err`.
pub trait Lines: Sync {
    /// A result line (stdout).
    fn out(&self, line: &str);
    /// An error line (stderr).
    fn err(&self, line: &str);
}
