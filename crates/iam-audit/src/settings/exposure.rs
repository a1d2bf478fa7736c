//! The scanner files (`--exposed-keys`, `[exposure] exposed_keys` of `--config`), read and checked
//! before any AWS call with the one rule for bad input: a file that is missing, too large, not
//! text or in none of the scanners' formats is refused in one line that names it (and never
//! quotes it: it may hold secrets). Only key ids come out of them (`iam-audit-scanners`).

use std::path::{Path, PathBuf};

use iam_audit_model::ExposedKeyList;

use super::{InvalidInput, input, usage};

/// The largest scanner file read (they are read whole; a TruffleHog scan of a large organization's
/// repositories is a few megabytes).
pub const LARGEST_SCANNER_FILE: u64 = 64 * 1024 * 1024;

/// Every scanner file given, read: `None` when none was.
pub fn exposed_keys(
    given: &[String],
    configured: &[String],
    config_path: Option<&Path>,
) -> Result<Option<ExposedKeyList>, InvalidInput> {
    let folder = config_path
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let files = given
        .iter()
        .map(|path| ("--exposed-keys", path.clone(), PathBuf::from(path)))
        .chain(
            configured
                .iter()
                .map(|path| ("[exposure] exposed_keys", path.clone(), folder.join(path))),
        );
    let mut list: Option<ExposedKeyList> = None;
    for (option, name, path) in files {
        let shown = path.display().to_string();
        if name.starts_with("s3://") {
            return Err(usage("usage-exposed-keys-s3", &[("path", name)]));
        }
        let list = list.get_or_insert_with(ExposedKeyList::default);
        if list.files.contains(&shown) {
            return Err(usage("usage-exposed-keys-twice", &[("path", shown)]));
        }
        if let Ok(metadata) = std::fs::metadata(&path)
            && metadata.len() > LARGEST_SCANNER_FILE
        {
            return Err(usage(
                "usage-exposed-keys-too-large",
                &[
                    ("path", shown),
                    ("size", metadata.len().to_string()),
                    ("limit", LARGEST_SCANNER_FILE.to_string()),
                ],
            ));
        }
        let bytes = input::read_file(&path, option)?;
        let read = iam_audit_scanners::read(&bytes, &shown).map_err(|error| {
            usage(
                "usage-exposed-keys-invalid",
                &[("error", error.to_string())],
            )
        })?;
        tracing::info!(
            "{}",
            iam_audit_i18n::text(
                super::language(),
                "exposed-keys-read",
                &[
                    ("path", shown.clone()),
                    ("format", read.format.as_str().to_string()),
                    ("ids", read.keys.len().to_string()),
                    ("dropped", read.dropped.to_string()),
                ],
            )
        );
        list.add(&shown, read.keys);
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scanner file that holds a secret on a line that is not a key id is refused without the
    /// line: the secret never reaches the message.
    #[test]
    fn a_bad_file_is_refused_in_one_line_without_its_content() {
        let folder = tempfile::tempdir().expect("folder");
        let path = folder.path().join("ids.txt");
        std::fs::write(
            &path,
            "AKIAY34FZKBOKMUTVV7A\naws_secret_access_key = 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\n",
        )
        .expect("written");
        let refused = exposed_keys(&[path.display().to_string()], &[], None)
            .err()
            .map(|error| error.one_line())
            .unwrap_or_default();
        assert!(refused.starts_with("--exposed-keys "), "{refused}");
        assert!(
            refused.contains("ids.txt: line 2 is not an access key id"),
            "{refused}"
        );
        assert!(!refused.contains("q8Xf3Rw0"), "{refused}");
        assert_eq!(refused.lines().count(), 1);
    }

    #[test]
    fn files_from_the_command_line_and_the_configuration_are_read_once_each() {
        let folder = tempfile::tempdir().expect("folder");
        std::fs::write(folder.path().join("a.txt"), "AKIAY34FZKBOKMUTVV7A\n").expect("written");
        let config = folder.path().join("iam-audit.toml");
        let given = folder.path().join("b.txt").display().to_string();
        std::fs::write(&given, "AKIAIOSFODNN7EXAMPLE\n").expect("written");
        let list = exposed_keys(
            std::slice::from_ref(&given),
            &["a.txt".to_string()],
            Some(&config),
        )
        .ok()
        .flatten()
        .expect("read");
        assert_eq!(list.files.len(), 2);
        assert_eq!(list.keys.len(), 2);
        assert!(exposed_keys(&[given.clone(), given], &[], None).is_err());
        assert!(exposed_keys(&["s3://bucket/scan.json".to_string()], &[], None).is_err());
        assert_eq!(exposed_keys(&[], &[], None).ok().flatten(), None);
    }
}
