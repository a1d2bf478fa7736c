//! Each format read from files as the scanners write them, holding real-looking secret keys that
//! must not come out; anything else refused in one line that quotes nothing of the file.

use super::*;

/// A secret access key as AWS issues them (40 characters; this one is random, never issued).
const SECRET: &str = "q8Xf3Rw0LpZ2vN7cT1yHbK9sJ4mD6gE5uA0iO2rW";
const ID: &str = "AKIAY34FZKBOKMUTVV7A";
const OTHER_ID: &str = "AKIAIOSFODNN7EXAMPLE";

/// Nothing of the secret, whatever the result.
fn assert_secret_free(result: &Result<ScannerFile, ScannerError>) {
    let shown = format!("{result:?}");
    assert!(!shown.contains(SECRET), "{shown}");
    if let Err(error) = result {
        assert!(!error.to_string().contains(SECRET));
        assert_eq!(error.to_string().lines().count(), 1);
    }
}

fn ids(file: &ScannerFile) -> Vec<&str> {
    file.keys
        .iter()
        .map(|key| key.access_key_id.as_str())
        .collect()
}

#[test]
fn trufflehog_lines_keep_the_aws_key_id_and_where_it_was_found() {
    let text = format!(
        r#"{{"SourceMetadata":{{"Data":{{"Git":{{"commit":"9f1c2e7","file":"deploy/env.sh","email":"dev <dev@example.com>","repository":"https://github.com/acme/app.git","timestamp":"2026-10-01 10:00:00 +0000","line":12}}}}}},"SourceID":1,"SourceType":7,"SourceName":"trufflehog - git","DetectorType":2,"DetectorName":"AWS","DecoderName":"PLAIN","Verified":true,"Raw":"{ID}","RawV2":"{ID}{SECRET}","Redacted":"{ID}","ExtraData":{{"account":"609629065308","arn":"arn:aws:iam::609629065308:user/ci","resource_type":"Access key"}},"StructuredData":null}}
{{"SourceMetadata":{{"Data":{{"Filesystem":{{"file":"/home/dev/.env","line":3}}}}}},"DetectorName":"Github","Raw":"ghp_{SECRET}","RawV2":""}}
{{"SourceMetadata":{{"Data":{{"Filesystem":{{"file":"/home/dev/.env","line":4}}}}}},"DetectorName":"AWS","Raw":"{SECRET}","RawV2":"{ID}{SECRET}"}}
"#
    );
    let result = read(text.as_bytes(), "scan.jsonl");
    assert_secret_free(&result);
    let file = result.expect("TruffleHog lines");
    assert_eq!(file.format, ScannerFormat::TruffleHog);
    assert_eq!(ids(&file), [ID]);
    assert_eq!(file.dropped, 2);
    let sighting = &file.keys[0].sightings[0];
    assert_eq!(sighting.scanner, "trufflehog");
    assert_eq!(
        sighting.repository.as_deref(),
        Some("https://github.com/acme/app.git")
    );
    assert_eq!(sighting.path.as_deref(), Some("deploy/env.sh"));
    assert_eq!(sighting.commit.as_deref(), Some("9f1c2e7"));
    assert_eq!(sighting.line, Some(12));
}

#[test]
fn a_gitleaks_report_keeps_aws_access_tokens_only() {
    let text = format!(
        r#"[
 {{"Description":"AWS","StartLine":3,"EndLine":3,"StartColumn":20,"EndColumn":39,"Match":"aws_access_key_id = {ID}","Secret":"{ID}","File":"config/prod.env","SymlinkFile":"","Commit":"c0ffee1","Link":"https://github.com/acme/app/blob/c0ffee1/config/prod.env#L3","Entropy":3.6,"Author":"dev","Email":"dev@example.com","Date":"2026-09-30T12:00:00Z","Message":"add config","Tags":[],"RuleID":"aws-access-token","Fingerprint":"c0ffee1:config/prod.env:aws-access-token:3"}},
 {{"Description":"Generic API Key","StartLine":4,"Match":"aws_secret_access_key = {SECRET}","Secret":"{SECRET}","File":"config/prod.env","Commit":"c0ffee1","RuleID":"generic-api-key"}},
 {{"Description":"AWS","StartLine":9,"Match":"key={OTHER_ID}","Secret":"","File":"old.env","Commit":"abc","RuleID":"aws-access-token"}}
]"#
    );
    let result = read(text.as_bytes(), "gitleaks.json");
    assert_secret_free(&result);
    let file = result.expect("a Gitleaks report");
    assert_eq!(file.format, ScannerFormat::Gitleaks);
    assert_eq!(ids(&file), [OTHER_ID, ID], "by id");
    assert_eq!(file.dropped, 1);
    let sighting = &file.keys[1].sightings[0];
    assert_eq!(sighting.path.as_deref(), Some("config/prod.env"));
    assert_eq!(sighting.line, Some(3));
    assert_eq!(
        sighting.url.as_deref(),
        Some("https://github.com/acme/app/blob/c0ffee1/config/prod.env#L3")
    );
    // An empty report (no leaks) is a Gitleaks report with nothing in it.
    let empty = read(b"[]\n", "gitleaks.json").expect("an empty report");
    assert!(empty.keys.is_empty());
}

#[test]
fn github_alerts_keep_key_id_alerts_only() {
    let text = format!(
        r#"[
  {{"number":7,"created_at":"2026-10-02T08:00:00Z","url":"https://api.github.com/repos/acme/app/secret-scanning/alerts/7","html_url":"https://github.com/acme/app/security/secret-scanning/7","state":"open","secret_type":"aws_access_key_id","secret_type_display_name":"Amazon AWS Access Key ID","secret":"{ID}","repository":{{"id":1,"full_name":"acme/app"}},"first_location_detected":{{"path":"ci/deploy.yml","start_line":21,"commit_sha":"feed123"}}}},
  {{"number":8,"html_url":"https://github.com/acme/app/security/secret-scanning/8","state":"open","secret_type":"aws_secret_access_key","secret_type_display_name":"Amazon AWS Secret Access Key","secret":"{SECRET}","repository":{{"full_name":"acme/app"}}}}
]"#
    );
    let result = read(text.as_bytes(), "alerts.json");
    assert_secret_free(&result);
    let file = result.expect("GitHub alerts");
    assert_eq!(file.format, ScannerFormat::GitHub);
    assert_eq!(ids(&file), [ID]);
    assert_eq!(file.dropped, 1);
    let sighting = &file.keys[0].sightings[0];
    assert_eq!(sighting.repository.as_deref(), Some("acme/app"));
    assert_eq!(sighting.path.as_deref(), Some("ci/deploy.yml"));
    assert_eq!(sighting.line, Some(21));
    assert_eq!(sighting.commit.as_deref(), Some("feed123"));
    assert_eq!(
        sighting.url.as_deref(),
        Some("https://github.com/acme/app/security/secret-scanning/7")
    );
}

#[test]
fn a_plain_list_is_one_id_per_line_with_comments() {
    let text = format!("# leaked last week\n{ID}\n\n  {OTHER_ID}  # from the wiki\n{ID}\n");
    let file = read(text.as_bytes(), "ids.txt").expect("a list");
    assert_eq!(file.format, ScannerFormat::List);
    assert_eq!(ids(&file), [OTHER_ID, ID], "by id");
    assert_eq!(file.keys[1].sightings.len(), 2, "lines 2 and 5");
}

#[test]
fn files_in_no_format_are_refused_without_quoting_them() {
    for (bytes, expected) in [
        (
            format!("{ID}\naws_secret_access_key={SECRET}\n").into_bytes(),
            "ids.txt: line 2 is not an access key id",
        ),
        (
            format!("[{{\"secret\": \"{SECRET}\"}}]").into_bytes(),
            "ids.txt: a JSON list whose objects have neither",
        ),
        (
            format!("{{\"Raw\": \"{SECRET}\"}}\n").into_bytes(),
            "ids.txt: line 1 is not a TruffleHog finding",
        ),
        (
            format!("[\"{SECRET}\"]").into_bytes(),
            "ids.txt: a JSON list of something other than objects",
        ),
        (
            format!("[{{\"RuleID\": \"{SECRET}\"").into_bytes(),
            "ids.txt: line 1, column",
        ),
        (vec![0xff, 0xfe, 0x00], "ids.txt: not UTF-8 text (byte 0)"),
    ] {
        let result = read(&bytes, "ids.txt");
        assert_secret_free(&result);
        let message = result
            .err()
            .map(|error| error.to_string())
            .unwrap_or_default();
        assert!(message.starts_with(expected), "{message}");
        assert!(message.contains(FORMATS));
    }
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(iam_audit_model::property_cases(4000)))]

        /// Any bytes are a scanner file or one line naming the file: never a panic, and nothing
        /// kept that is not a key id.
        #[test]
        fn any_bytes_read_or_are_refused_in_one_line(bytes in proptest::collection::vec(any::<u8>(), 0..800)) {
            match read(&bytes, "scan.json") {
                Ok(file) => prop_assert!(file.keys.iter().all(|key| iam_audit_model::exposure::is_access_key_id(&key.access_key_id))),
                Err(error) => {
                    let message = error.to_string();
                    prop_assert!(message.starts_with("scan.json: "));
                    prop_assert_eq!(message.lines().count(), 1);
                }
            }
        }

        /// Scanner-shaped files with any secrets and any values in them: the secrets never come
        /// out, in the result or in an error.
        #[test]
        fn no_secret_survives_reading(secret in "[A-Za-z0-9/+]{40}", raw in "[ -~]{0,30}", line in any::<u32>(), rule in prop_oneof!["aws-access-token", "generic-api-key", ".{0,10}"], kind in prop_oneof!["aws_access_key_id", "aws_secret_access_key", ".{0,10}"]) {
            let trufflehog = serde_json::json!({"SourceMetadata": {"Data": {"Git": {"line": line, "file": raw}}}, "DetectorName": "AWS", "Raw": ID, "RawV2": format!("{ID}{secret}")}).to_string();
            let gitleaks = serde_json::json!([{"RuleID": rule, "Secret": secret, "Match": format!("{raw}{secret}"), "StartLine": line}]).to_string();
            let github = serde_json::json!([{"secret_type": kind, "secret": secret, "html_url": raw}]).to_string();
            for (text, name) in [(trufflehog, "t.jsonl"), (gitleaks, "g.json"), (github, "h.json"), (format!("{ID}\n{secret}\n"), "l.txt")] {
                let shown = format!("{:?}", read(text.as_bytes(), name));
                let shown_error = read(text.as_bytes(), name).err().map(|error| error.to_string()).unwrap_or_default();
                prop_assert!(!shown.contains(&secret), "{}", shown);
                prop_assert!(!shown_error.contains(&secret));
            }
        }
    }
}
