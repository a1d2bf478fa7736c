//! Any bytes as a scanner file (`--exposed-keys`): a list of key ids, or one line naming the file;
//! never a panic, and nothing kept that is not a key id. The same bytes, as text, as an expected
//! network, a user agent and a key id.

#![no_main]

use iam_audit_model::exposure::{Network, decode_account, is_access_key_id, normalize_user_agent};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match iam_audit_scanners::read(data, "fuzz.json") {
        Ok(file) => {
            for key in &file.keys {
                assert!(is_access_key_id(&key.access_key_id));
            }
        }
        Err(error) => {
            let message = error.to_string();
            assert!(message.starts_with("fuzz.json: "));
            assert_eq!(message.lines().count(), 1);
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Network::parse(text);
        assert!(normalize_user_agent(text).chars().count() <= 100);
        let _ = decode_account(text);
    }
});
