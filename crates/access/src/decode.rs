//! Turns a policy document as IAM returns it into JSON text. `GetAccountAuthorizationDetails`
//! (like `GetPolicyVersion` and `GetRolePolicy`) returns documents percent-encoded per RFC 3986,
//! where `+` is a plus sign, not a space (the form-encoding rule would corrupt a document that
//! holds a `+`). Documents that arrive already decoded (test data, other collectors) are accepted
//! as they are.

/// Why a document could not be decoded.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    /// A `%` not followed by two hexadecimal digits.
    #[error("invalid percent-encoding at byte {position}")]
    InvalidEscape {
        /// Byte offset of the `%`.
        position: usize,
    },
    /// The decoded bytes are not UTF-8.
    #[error("the decoded document is not UTF-8")]
    NotUtf8(#[source] std::string::FromUtf8Error),
}

/// Decodes a policy document: percent-decoding (RFC 3986, `+` kept) unless the text already
/// starts with `{` (after white space), which is plain JSON: IAM's encoding of `{` is `%7B`, and
/// a plain document may hold a literal `%` that must not be decoded.
///
/// ```
/// use iam_audit_access::decode_document;
/// assert_eq!(decode_document("%7B%22a%22%3A%22b+c%2B%22%7D")?, r#"{"a":"b+c+"}"#);
/// assert_eq!(decode_document(r#" {"a":"100%"}"#)?, r#" {"a":"100%"}"#);
/// # Ok::<(), iam_audit_access::DecodeError>(())
/// ```
pub fn decode_document(text: &str) -> Result<String, DecodeError> {
    if text.trim_start().starts_with('{') {
        return Ok(text.to_owned());
    }
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let high = bytes.get(index + 1).and_then(|byte| hex_value(*byte));
            let low = bytes.get(index + 2).and_then(|byte| hex_value(*byte));
            let (Some(high), Some(low)) = (high, low) else {
                return Err(DecodeError::InvalidEscape { position: index });
            };
            decoded.push(high * 16 + low);
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(decoded).map_err(DecodeError::NotUtf8)
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn decodes_what_iam_returns() {
        let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D";
        assert_eq!(
            decode_document(encoded),
            Ok(r#"{"Version":"2012-10-17","Statement":[]}"#.to_owned())
        );
    }

    #[test]
    fn plus_stays_a_plus_and_percent_2b_becomes_one() {
        assert_eq!(decode_document("a+b%2Bc%2bd"), Ok("a+b+c+d".to_owned()));
        assert_eq!(decode_document("%20"), Ok(" ".to_owned()));
    }

    #[test]
    fn multibyte_characters_decode() {
        assert_eq!(decode_document("%C3%A9t%C3%A9"), Ok("été".to_owned()));
    }

    #[test]
    fn plain_json_is_left_alone() {
        let plain = "\n {\"Sid\":\"100%25\"}";
        assert_eq!(decode_document(plain), Ok(plain.to_owned()));
    }

    #[test]
    fn broken_escapes_and_bytes_are_errors() {
        assert_eq!(
            decode_document("%7"),
            Err(DecodeError::InvalidEscape { position: 0 })
        );
        assert_eq!(
            decode_document("ab%zz"),
            Err(DecodeError::InvalidEscape { position: 2 })
        );
        assert!(matches!(
            decode_document("%FF%FE"),
            Err(DecodeError::NotUtf8(_))
        ));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(iam_audit_model::property_cases(2000)))]

        /// Any text decodes or fails cleanly.
        #[test]
        fn any_text_decodes_or_fails(text in any::<String>()) {
            let _ = decode_document(&text);
        }

        /// Encoding every byte and decoding gives the original back, `+` included.
        #[test]
        fn round_trips(text in any::<String>()) {
            let encoded: String = text.bytes().map(|byte| format!("%{byte:02X}")).collect();
            prop_assert_eq!(decode_document(&encoded), Ok(text));
        }
    }
}
