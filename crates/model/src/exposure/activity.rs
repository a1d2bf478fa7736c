//! Where an access key is used from: its CloudTrail management events counted by source address,
//! by client (user agents normalised to `product/major.minor`) and by AWS service acting on its
//! behalf. The counts are built here from the events' fields, so the collector that reads them and
//! the tests that check them agree on one definition.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One address, client or service and how many of the key's events came from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityCount {
    /// The address, the normalised client or the service principal.
    pub name: String,
    /// Events.
    pub events: u32,
}

/// What CloudTrail LookupEvents (by `AccessKeyId`, in one region, within the page budget) says
/// an access key did. Calls an AWS service made for the key (`sourceIPAddress`
/// `cloudformation.amazonaws.com`) count under `aws_services` only, not as an address or a
/// client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyActivity {
    /// The region looked up: the key's last-used region, or the home region when IAM says `N/A`.
    pub lookup_region: String,
    /// Pages read.
    pub pages: u32,
    /// Events read.
    pub events: u32,
    /// The oldest event read.
    pub first_event: Option<DateTime<Utc>>,
    /// The newest event read.
    pub last_event: Option<DateTime<Utc>>,
    /// Source addresses (not AWS services), most events first.
    pub source_ips: Vec<ActivityCount>,
    /// Clients, normalised (`aws-cli/2.15`), most events first.
    pub user_agents: Vec<ActivityCount>,
    /// AWS services that called on the key's behalf (`cloudformation.amazonaws.com`), most events
    /// first.
    pub aws_services: Vec<ActivityCount>,
    /// The regions the events were recorded in, sorted.
    pub regions: Vec<String>,
    /// False when the page budget (`--key-activity-pages`) ended the lookup before its last page.
    pub complete: bool,
}

/// Counts events into a [`KeyActivity`].
#[derive(Debug, Default)]
pub struct KeyActivityBuilder {
    lookup_region: String,
    pages: u32,
    events: u32,
    first_event: Option<DateTime<Utc>>,
    last_event: Option<DateTime<Utc>>,
    source_ips: BTreeMap<String, u32>,
    user_agents: BTreeMap<String, u32>,
    aws_services: BTreeMap<String, u32>,
    regions: std::collections::BTreeSet<String>,
}

/// The longest address, client or region kept: CloudTrail's fields are the caller's text.
const LONGEST: usize = 100;

fn clean(text: &str) -> String {
    text.chars()
        .filter(|character| !character.is_control())
        .take(LONGEST)
        .collect::<String>()
        .trim()
        .to_string()
}

impl KeyActivityBuilder {
    /// Counting for a lookup in `lookup_region`.
    pub fn new(lookup_region: &str) -> KeyActivityBuilder {
        KeyActivityBuilder {
            lookup_region: lookup_region.to_string(),
            ..KeyActivityBuilder::default()
        }
    }

    /// One more page read.
    pub fn page(&mut self) {
        self.pages += 1;
    }

    /// One event: when, from where (`sourceIPAddress`), with which client (`userAgent`), in which
    /// region (`awsRegion`).
    pub fn event(
        &mut self,
        time: Option<DateTime<Utc>>,
        source: Option<&str>,
        user_agent: Option<&str>,
        region: Option<&str>,
    ) {
        self.events += 1;
        if let Some(time) = time {
            self.first_event = Some(self.first_event.map_or(time, |first| first.min(time)));
            self.last_event = Some(self.last_event.map_or(time, |last| last.max(time)));
        }
        let mut by_service = false;
        if let Some(source) = source.map(clean).filter(|source| !source.is_empty()) {
            by_service = is_service_principal(&source);
            let counts = if by_service {
                &mut self.aws_services
            } else {
                &mut self.source_ips
            };
            *counts.entry(source).or_default() += 1;
        }
        // A call an AWS service made for the key names the service as its client too: it is
        // counted once, as the service.
        if let Some(agent) = user_agent
            .filter(|_| !by_service)
            .map(normalize_user_agent)
            .filter(|agent| !agent.is_empty())
        {
            *self.user_agents.entry(agent).or_default() += 1;
        }
        if let Some(region) = region.map(clean).filter(|region| !region.is_empty()) {
            self.regions.insert(region);
        }
    }

    /// The activity; `complete` is false when pages were left unread.
    pub fn finish(self, complete: bool) -> KeyActivity {
        KeyActivity {
            lookup_region: self.lookup_region,
            pages: self.pages,
            events: self.events,
            first_event: self.first_event,
            last_event: self.last_event,
            source_ips: ranked(self.source_ips),
            user_agents: ranked(self.user_agents),
            aws_services: ranked(self.aws_services),
            regions: self.regions.into_iter().collect(),
            complete,
        }
    }
}

/// Most events first, then by name.
fn ranked(counts: BTreeMap<String, u32>) -> Vec<ActivityCount> {
    let mut list: Vec<ActivityCount> = counts
        .into_iter()
        .map(|(name, events)| ActivityCount { name, events })
        .collect();
    list.sort_by(|left, right| {
        right
            .events
            .cmp(&left.events)
            .then_with(|| left.name.cmp(&right.name))
    });
    list
}

/// Whether a CloudTrail `sourceIPAddress` is an AWS service acting for the principal
/// (`cloudformation.amazonaws.com`, `AWS Internal`) rather than an address.
pub fn is_service_principal(source: &str) -> bool {
    source == "AWS Internal"
        || (source.ends_with(".amazonaws.com")
            && source.parse::<std::net::IpAddr>().is_err()
            && source
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'.' || byte == b'-'))
}

/// The products that name a client better than what wraps them, most specific first: Terraform
/// says `APN/1.0 HashiCorp/1.0 Terraform/1.7.5 … aws-sdk-go-v2/1.25.3`, the CLI `aws-cli/2.15.30
/// Python/3.11.8 …`, Boto3 `Boto3/1.34.69 md/Botocore#1.34.69 … Botocore/1.34.69`.
const PRODUCTS: [&str; 14] = [
    "terraform",
    "pulumi",
    "aws-cdk",
    "aws-cli",
    "aws-powershell",
    "boto3",
    "botocore",
    "aws-sdk-go-v2",
    "aws-sdk-go",
    "aws-sdk-java",
    "aws-sdk-js",
    "aws-sdk-rust",
    "aws-sdk-dotnet",
    "aws-sdk-ruby",
];

/// Tokens that are never the client: metadata, platforms and languages.
const NOT_CLIENTS: [&str; 14] = [
    "apn",
    "hashicorp",
    "md",
    "ua",
    "os",
    "lang",
    "cfg",
    "exe",
    "api",
    "prompt",
    "command",
    "python",
    "linux",
    "m",
];

/// A user agent as `product/major.minor` (`aws-cli/2.15.30 Python/3.11.8 …` is `aws-cli/2.15`,
/// `Boto3/1.34.69 md/Botocore#1.34.69 …` is `Boto3/1.34`): the best-known product it names, else
/// its first `product/version` that is not metadata, else the text itself (cleaned and cut to 100
/// characters: `console.amazonaws.com`, `AWS Internal`).
pub fn normalize_user_agent(agent: &str) -> String {
    let tokens: Vec<(&str, &str)> = agent
        .split_whitespace()
        .filter_map(|token| token.split_once('/'))
        .filter(|(product, version)| {
            !product.is_empty() && version.starts_with(|character: char| character.is_ascii_digit())
        })
        .collect();
    let known = PRODUCTS.iter().find_map(|wanted| {
        tokens
            .iter()
            .find(|(product, _)| product.eq_ignore_ascii_case(wanted))
    });
    let chosen = known.or_else(|| {
        tokens
            .iter()
            .find(|(product, _)| !NOT_CLIENTS.contains(&product.to_ascii_lowercase().as_str()))
    });
    match chosen {
        Some((product, version)) => clean(&format!("{product}/{}", major_minor(version))),
        None => clean(agent),
    }
}

/// `1.7.5` is `1.7`; `2` stays `2`; anything after the digits and dots is dropped.
fn major_minor(version: &str) -> String {
    let numeric: String = version
        .chars()
        .take_while(|character| character.is_ascii_digit() || *character == '.')
        .collect();
    numeric
        .split('.')
        .filter(|part| !part.is_empty())
        .take(2)
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_are_named_by_product_and_minor_version() {
        for (agent, expected) in [
            (
                "aws-cli/2.15.30 Python/3.11.8 Linux/5.10.209-198.858.amzn2.x86_64 exe/x86_64.amzn.2 prompt/off command/codepipeline.start-pipeline-execution",
                "aws-cli/2.15",
            ),
            (
                "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.15.0-1057-aws md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69",
                "Boto3/1.34",
            ),
            (
                "APN/1.0 HashiCorp/1.0 Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/5.40.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.25.3 os/linux lang/go#1.22.1",
                "Terraform/1.7",
            ),
            (
                "aws-sdk-rust/1.3.9 os/linux lang/rust/1.80",
                "aws-sdk-rust/1.3",
            ),
            ("Botocore/1.31.2 Python/3.9", "Botocore/1.31"),
            ("MyTool/3 Python/3.12", "MyTool/3"),
            ("console.amazonaws.com", "console.amazonaws.com"),
            ("AWS Internal", "AWS Internal"),
            ("aws-cli/2.15.0", "aws-cli/2.15"),
        ] {
            assert_eq!(normalize_user_agent(agent), expected, "{agent}");
        }
    }

    #[test]
    fn services_are_told_from_addresses() {
        assert!(is_service_principal("cloudformation.amazonaws.com"));
        assert!(is_service_principal("AWS Internal"));
        assert!(!is_service_principal("203.0.113.20"));
        assert!(!is_service_principal("2001:db8::1"));
        assert!(!is_service_principal("evil <b>.amazonaws.com"));
    }

    #[test]
    fn events_are_counted_by_address_client_and_service() {
        let day = |days: i64| DateTime::<Utc>::default() + chrono::Duration::days(days);
        let mut builder = KeyActivityBuilder::new("us-east-1");
        builder.page();
        for _ in 0..3 {
            builder.event(
                Some(day(3)),
                Some("203.0.113.20"),
                Some("aws-cli/2.15.30 Python/3.11"),
                Some("us-east-1"),
            );
        }
        builder.event(
            Some(day(1)),
            Some("cloudformation.amazonaws.com"),
            Some("cloudformation.amazonaws.com"),
            Some("us-east-1"),
        );
        builder.event(Some(day(5)), Some("198.51.100.30"), None, Some("eu-west-1"));
        let activity = builder.finish(false);
        assert_eq!(activity.events, 5);
        assert_eq!(activity.pages, 1);
        assert_eq!(activity.first_event, Some(day(1)));
        assert_eq!(activity.last_event, Some(day(5)));
        assert_eq!(
            activity.source_ips,
            [
                ActivityCount {
                    name: "203.0.113.20".into(),
                    events: 3
                },
                ActivityCount {
                    name: "198.51.100.30".into(),
                    events: 1
                }
            ]
        );
        assert_eq!(
            activity.aws_services[0].name,
            "cloudformation.amazonaws.com"
        );
        assert_eq!(
            activity.user_agents,
            [ActivityCount {
                name: "aws-cli/2.15".into(),
                events: 3
            }],
            "the service's own agent is not a client"
        );
        assert_eq!(activity.regions, ["eu-west-1", "us-east-1"]);
        assert!(!activity.complete);
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(crate::property_cases(2000)))]

        /// A user agent is the caller's text: any of it normalises to one short line.
        #[test]
        fn any_agent_normalises_to_a_short_line(agent in any::<String>()) {
            let normalised = normalize_user_agent(&agent);
            prop_assert!(normalised.chars().count() <= LONGEST);
            prop_assert!(!normalised.chars().any(char::is_control));
        }
    }
}
