//! The report reader behind `--baseline`, `diff` and `merge`: any bytes give a run's view or an
//! error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = iam_audit_history::RunView::from_json(text, "fuzz.json");
    }
});
