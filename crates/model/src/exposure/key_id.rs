//! Access key ids: what one looks like, and the account it belongs to, decoded offline.
//!
//! An id is `AKIA` (a long-term key) or `ASIA` (a temporary one) and 16 characters of RFC 4648
//! base32 (`A`–`Z`, `2`–`7`). In ids of the current generation, the first bit after the prefix is
//! 1 and the account id is encoded in the bits after it: base32-decode the 16 characters, take the
//! first 6 bytes as a big-endian integer, mask `0x7fffffffff80`, shift right by 7 (Aidan Steele,
//! "AWS Access Key ID formats", 2020; Tal Be'ery, "A short note on AWS KEY ID", 2020; the
//! generation bit: WithSecure Labs, "A bitwise analysis of AWS access key identifiers", 2023).
//! Ids of the older generation (first bit 0, such as `AKIAI…`) do not encode the account.

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

fn base32_value(character: u8) -> Option<u64> {
    BASE32
        .iter()
        .position(|candidate| *candidate == character)
        .map(|position| position as u64)
}

/// Whether `text` is an access key id: `AKIA` or `ASIA` and 16 base32 characters.
pub fn is_access_key_id(text: &str) -> bool {
    text.len() == 20
        && (text.starts_with("AKIA") || text.starts_with("ASIA"))
        && text.as_bytes()[4..]
            .iter()
            .all(|character| base32_value(*character).is_some())
}

/// The 12-digit account an access key id belongs to, decoded from the id itself; `None` for text
/// that is not an id and for ids of the older generation, which do not encode it.
pub fn decode_account(access_key_id: &str) -> Option<String> {
    if !is_access_key_id(access_key_id) {
        return None;
    }
    // The first 10 characters after the prefix hold the first 50 bits: 6 bytes and 2 bits.
    let mut bits: u64 = 0;
    for character in &access_key_id.as_bytes()[4..14] {
        bits = (bits << 5) | base32_value(*character)?;
    }
    let first_six_bytes = bits >> 2;
    if first_six_bytes >> 47 == 0 {
        return None;
    }
    let account = (first_six_bytes & 0x7fff_ffff_ff80) >> 7;
    (account < 1_000_000_000_000).then(|| format!("{account:012}"))
}

/// The id of the current generation that encodes `account` (12 digits), `tail` filling the
/// bits after it: the inverse of [`decode_account`], for fixtures and test data (a key id "of"
/// an account that holds no such key). `None` when `account` is not 12 digits.
pub fn encode_key_id(temporary: bool, account: &str, tail: u64) -> Option<String> {
    if !crate::is_account_id(account) {
        return None;
    }
    let account: u64 = account.parse().ok()?;
    let six_bytes = (1u64 << 47) | (account << 7) | (tail & 0x7f);
    let mut bits: u128 = (u128::from(six_bytes) << 32) | u128::from((tail >> 7) as u32);
    let mut characters = [0u8; 16];
    for character in characters.iter_mut().rev() {
        *character = BASE32[(bits & 31) as usize];
        bits >>= 5;
    }
    let prefix = if temporary { "ASIA" } else { "AKIA" };
    Some(format!("{prefix}{}", String::from_utf8_lossy(&characters)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_published_vector_decodes() {
        assert_eq!(
            decode_account("ASIAY34FZKBOKMUTVV7A").as_deref(),
            Some("609629065308")
        );
        // The key suffix (the last seven characters) does not change the account.
        assert_eq!(
            decode_account("AKIAY34FZKBOKAAAAAAA").as_deref(),
            Some("609629065308")
        );
    }

    #[test]
    fn older_ids_and_non_ids_do_not_decode() {
        assert_eq!(decode_account("AKIAIOSFODNN7EXAMPLE"), None);
        assert_eq!(decode_account("AKIAY34FZKBOKMUTVV7"), None);
        assert_eq!(decode_account("AKIAY34FZKBOKMUTVV71"), None);
        assert_eq!(decode_account("AIDAY34FZKBOKMUTVV7A"), None);
        assert!(is_access_key_id("AKIAIOSFODNN7EXAMPLE"));
        assert!(!is_access_key_id("akiaiosfodnn7example"));
        assert!(!is_access_key_id("AKIAÉOSFODNN7EXAMPL"));
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(crate::property_cases(2000)))]

        /// Any text decodes to an account or to nothing, never a panic.
        #[test]
        fn any_text_is_an_id_or_not(text in any::<String>()) {
            let _ = is_access_key_id(&text);
            let _ = decode_account(&text);
        }

        /// Every account id of an id of the current generation comes back out.
        #[test]
        fn every_account_roundtrips(account in 0u64..1_000_000_000_000, tail in any::<u64>(), temporary in any::<bool>()) {
            let account = format!("{account:012}");
            let id = encode_key_id(temporary, &account, tail).unwrap_or_default();
            prop_assert!(is_access_key_id(&id), "{}", id);
            prop_assert_eq!(decode_account(&id), Some(account));
        }
    }
}
