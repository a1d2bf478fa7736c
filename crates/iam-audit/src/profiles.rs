//! Checks that a named AWS profile exists before any AWS call, so a typo gets a one-line error
//! instead of a credential-chain failure deep in the run. Reads the same files as the AWS CLI and
//! aws-config: `AWS_CONFIG_FILE` (default `~/.aws/config`, sections `[profile NAME]` and
//! `[default]`) and `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`, sections
//! `[NAME]`).

use std::path::PathBuf;

/// The profile names defined in the config and credentials files.
pub fn profile_names(lookup: impl Fn(&str) -> Option<String>) -> (Vec<String>, Vec<PathBuf>) {
    let home = lookup("HOME").map(PathBuf::from).unwrap_or_default();
    let config = lookup("AWS_CONFIG_FILE").map_or_else(|| home.join(".aws/config"), PathBuf::from);
    let credentials = lookup("AWS_SHARED_CREDENTIALS_FILE")
        .map_or_else(|| home.join(".aws/credentials"), PathBuf::from);
    let mut names = Vec::new();
    if let Ok(text) = std::fs::read_to_string(&config) {
        names.extend(section_names(&text, true));
    }
    if let Ok(text) = std::fs::read_to_string(&credentials) {
        names.extend(section_names(&text, false));
    }
    names.sort();
    names.dedup();
    (names, vec![config, credentials])
}

/// Section names of one file: in the config file `[profile NAME]` (and `[default]`), in the
/// credentials file `[NAME]`. `[sso-session ...]` and `[services ...]` sections are not profiles.
pub fn section_names(text: &str, config_file: bool) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim();
            let inner = line.strip_prefix('[')?.split(']').next()?.trim();
            if config_file {
                if inner == "default" {
                    return Some("default".to_string());
                }
                let name = inner.strip_prefix("profile")?;
                name.starts_with(char::is_whitespace)
                    .then(|| name.trim().to_string())
            } else {
                Some(inner.to_string())
            }
        })
        .filter(|name| !name.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_sections_need_the_profile_prefix() {
        let text = "[default]\nregion=us-east-1\n[profile mgmt]\nsso_session=x\n[sso-session x]\n[services s]\n[profileless]\n";
        assert_eq!(section_names(text, true), vec!["default", "mgmt"]);
    }

    #[test]
    fn credential_sections_are_plain_names() {
        let text = "# comment\n[default]\naws_access_key_id=A\n[ ci ]\n";
        assert_eq!(section_names(text, false), vec!["default", "ci"]);
    }
}
