//! `--config`: any bytes give a configuration or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = iam_audit_rules::Config::parse(text, "fuzz.toml");
    }
});
