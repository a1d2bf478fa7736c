//! Exposure of access keys: key ids named by secret scanners (and where they were found), where an
//! active key is used from (its CloudTrail activity), and the networks it is expected to be used
//! from. Plain data and pure functions: the scanner files are read by `iam-audit-scanners`, the
//! activity by the collector, and the rules judge both.
//!
//! Only key ids are ever held here. A secret access key is not a field of any type of this module,
//! so none can be stored, printed or written by way of it.

mod activity;
mod key_id;
mod network;
mod status;

use serde::{Deserialize, Serialize};

pub use activity::{
    ActivityCount, KeyActivity, KeyActivityBuilder, is_service_principal, normalize_user_agent,
};
pub use key_id::{decode_account, encode_key_id, is_access_key_id};
pub use network::{Network, NetworkError};
pub use status::{AccountIdSource, ExposedKeyState, ExposedKeyStatus, exposed_key_states};

/// Where a scanner found a key id: every field that the scanner gave, none of the secret.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Sighting {
    /// `trufflehog`, `gitleaks`, `github` or `list`.
    pub scanner: String,
    /// The scanner file it came from, as given (`--exposed-keys`).
    pub file: String,
    /// The repository (`org/repo`, or the repository URL the scanner gave).
    #[serde(default)]
    pub repository: Option<String>,
    /// The path of the file the key id was found in.
    #[serde(default)]
    pub path: Option<String>,
    /// The commit.
    #[serde(default)]
    pub commit: Option<String>,
    /// The line.
    #[serde(default)]
    pub line: Option<u64>,
    /// A link to the finding (GitHub's alert, TruffleHog's link).
    #[serde(default)]
    pub url: Option<String>,
}

impl Sighting {
    /// One line for a person: `trufflehog: acme/app src/deploy.sh:12 @1a2b3c4 (https://...)`.
    pub fn describe(&self) -> String {
        let mut text = self.scanner.clone();
        text.push(':');
        if let Some(repository) = &self.repository {
            text.push(' ');
            text.push_str(repository);
        }
        if let Some(path) = &self.path {
            text.push(' ');
            text.push_str(path);
            if let Some(line) = self.line {
                text.push_str(&format!(":{line}"));
            }
        }
        if let Some(commit) = &self.commit {
            text.push_str(" @");
            text.extend(commit.chars().take(12));
        }
        if let Some(url) = &self.url {
            text.push_str(&format!(" ({url})"));
        }
        if text.ends_with(':') {
            text.push(' ');
            text.push_str(&self.file);
        }
        text
    }
}

/// One leaked key id and every place it was seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeakedKey {
    /// `AKIA…` or `ASIA…`.
    pub access_key_id: String,
    /// Where it was found, sorted, each once.
    pub sightings: Vec<Sighting>,
}

/// What the run's scanner files named: the files read and the key ids in them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExposedKeyList {
    /// The scanner files, as given (`--exposed-keys`, `[exposure] exposed_keys`, the Lambda
    /// event's `exposed_keys`), in the order given.
    pub files: Vec<String>,
    /// Every key id named, by id, each once with all its sightings.
    pub keys: Vec<LeakedKey>,
}

impl ExposedKeyList {
    /// Adds a file's key ids (the sightings of an id already named join its list).
    pub fn add(&mut self, file: &str, keys: Vec<LeakedKey>) {
        self.files.push(file.to_string());
        for key in keys {
            match self
                .keys
                .binary_search_by(|known| known.access_key_id.cmp(&key.access_key_id))
            {
                Ok(index) => {
                    let sightings = &mut self.keys[index].sightings;
                    sightings.extend(key.sightings);
                    sightings.sort();
                    sightings.dedup();
                }
                Err(index) => {
                    let mut key = key;
                    key.sightings.sort();
                    key.sightings.dedup();
                    self.keys.insert(index, key);
                }
            }
        }
    }

    /// Whether the list names `access_key_id`.
    pub fn names(&self, access_key_id: &str) -> bool {
        self.keys
            .binary_search_by(|known| known.access_key_id.as_str().cmp(access_key_id))
            .is_ok()
    }

    /// The leaked key `access_key_id`, when the list names it.
    pub fn get(&self, access_key_id: &str) -> Option<&LeakedKey> {
        self.keys
            .binary_search_by(|known| known.access_key_id.as_str().cmp(access_key_id))
            .ok()
            .map(|index| &self.keys[index])
    }
}

/// The AWS managed policies AWS attaches to a user whose access key it found exposed publicly.
pub const QUARANTINE_POLICIES: [&str; 3] = [
    "AWSCompromisedKeyQuarantine",
    "AWSCompromisedKeyQuarantineV2",
    "AWSCompromisedKeyQuarantineV3",
];

/// The quarantine policy an ARN names (`arn:<partition>:iam::aws:policy/AWSCompromisedKeyQuarantineV3`
/// gives `AWSCompromisedKeyQuarantineV3`), when it is one: AWS managed, any path, any partition.
/// A customer managed policy of the same name is not AWS's quarantine.
pub fn quarantine_policy(arn: &str) -> Option<&'static str> {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(_), Some("iam"), Some(""), Some("aws"), Some(resource)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    let name = resource.strip_prefix("policy/")?.rsplit('/').next()?;
    QUARANTINE_POLICIES
        .iter()
        .copied()
        .find(|policy| *policy == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sighting(scanner: &str, line: u64) -> Sighting {
        Sighting {
            scanner: scanner.to_string(),
            file: "f".to_string(),
            line: Some(line),
            ..Sighting::default()
        }
    }

    #[test]
    fn ids_named_twice_keep_every_sighting_once() {
        let mut list = ExposedKeyList::default();
        list.add(
            "a.json",
            vec![LeakedKey {
                access_key_id: "AKIAB".to_string(),
                sightings: vec![sighting("gitleaks", 2)],
            }],
        );
        list.add(
            "b.txt",
            vec![
                LeakedKey {
                    access_key_id: "AKIAB".to_string(),
                    sightings: vec![sighting("list", 1), sighting("gitleaks", 2)],
                },
                LeakedKey {
                    access_key_id: "AKIAA".to_string(),
                    sightings: vec![sighting("list", 3)],
                },
            ],
        );
        assert_eq!(list.files, ["a.json", "b.txt"]);
        assert_eq!(list.keys[0].access_key_id, "AKIAA");
        assert_eq!(list.keys[1].sightings.len(), 2);
        assert!(list.names("AKIAB") && !list.names("AKIAC"));
    }

    #[test]
    fn only_aws_managed_quarantine_policies_are_quarantine() {
        assert_eq!(
            quarantine_policy("arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3"),
            Some("AWSCompromisedKeyQuarantineV3")
        );
        assert_eq!(
            quarantine_policy("arn:aws-us-gov:iam::aws:policy/AWSCompromisedKeyQuarantine"),
            Some("AWSCompromisedKeyQuarantine")
        );
        assert_eq!(
            quarantine_policy("arn:aws:iam::123456789012:policy/AWSCompromisedKeyQuarantineV3"),
            None
        );
        assert_eq!(
            quarantine_policy("arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV4"),
            None
        );
        assert_eq!(quarantine_policy("garbage"), None);
    }

    #[test]
    fn a_sighting_reads_as_one_line() {
        let found = Sighting {
            scanner: "trufflehog".to_string(),
            file: "scan.jsonl".to_string(),
            repository: Some("acme/app".to_string()),
            path: Some("deploy.sh".to_string()),
            commit: Some("0123456789abcdef0123".to_string()),
            line: Some(12),
            url: None,
        };
        assert_eq!(
            found.describe(),
            "trufflehog: acme/app deploy.sh:12 @0123456789ab"
        );
        let bare = Sighting {
            scanner: "list".to_string(),
            file: "ids.txt".to_string(),
            ..Sighting::default()
        };
        assert_eq!(bare.describe(), "list: ids.txt");
    }
}
