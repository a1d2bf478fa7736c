//! EXP003: an active key was used, within the CloudTrail window, from an address outside the
//! organization's expected networks (`[exposure] expected_networks`).

use std::net::IpAddr;

use iam_audit_model::{AccessKeyStatus, Observed};

use super::{Rule, Source};
use crate::context::{AccountContext, lookup_key_events_command};
use crate::finding::{Finding, ResourceType, Severity, Text};

/// Addresses named in the evidence; the others are counted.
const ADDRESSES_SHOWN: usize = 5;

/// The rule.
pub static RULE: Rule = Rule {
    id: "EXP003",
    name: "access-key-used-from-unexpected-network",
    severity: Severity::High,
    resource_type: ResourceType::AwsIamAccessKey,
    title: Text("rule-exp003-title"),
    remediation: Text("rule-exp003-remediation"),
    references: &[],
    settings: &["expected_networks"],
    sources: &[Source::CloudTrail, Source::KeyActivity],
    documentation: "\
## What it does
**Never fires without `[exposure] expected_networks`** in `--config` (IPv4 and IPv6 CIDR blocks,
`[\"203.0.113.0/24\", \"2001:db8::/32\"]`): the audit cannot know which addresses are yours.
With it, flags every active key whose CloudTrail activity (LookupEvents by `AccessKeyId`,
`--key-activity-pages`, in the key's last-used region) has a source address outside every
expected network, naming the addresses. AWS services acting for the key
(`cloudformation.amazonaws.com`, `AWS Internal`) are not addresses and never count. The activity
is the management events of the CloudTrail window in the region looked up: data events (S3
object reads) and other regions are not seen.

## Why it matters
A leaked key is used from the attacker's network. A key that only your CI runners and offices
should use, seen from anywhere else, is the first sign of it.

## Example
`github-actions`' key was used from 192.0.2.211; the organization's networks are
203.0.113.0/24 and 198.51.100.0/24.

## How to fix
Find out who used the key from those addresses:
    aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=AccessKeyId,AttributeValue=AKIA...
If it was not you, deactivate the key now and rotate it; if it was, add the network to
`expected_networks`.

## References
None: CloudTrail's record of a key's use joined to the audit.
",
    check,
};

fn check(context: &AccountContext<'_>) -> Vec<Finding> {
    let networks = &context.exposure.expected_networks;
    if networks.is_empty() {
        return Vec::new();
    }
    let expected = |address: &str| {
        address
            .parse::<IpAddr>()
            .is_ok_and(|address| networks.iter().any(|network| network.contains(address)))
    };
    context
        .snapshot
        .access_keys()
        .filter(|(_, key)| key.status == AccessKeyStatus::Active)
        .filter_map(|(user, key)| {
            let Some(Observed::Known(activity)) = &key.activity else {
                return None;
            };
            let outside: Vec<_> = activity
                .source_ips
                .iter()
                .filter(|count| !expected(&count.name))
                .collect();
            if outside.is_empty() {
                return None;
            }
            let mut finding = context.key_finding(
                &RULE,
                user,
                key,
                lookup_key_events_command(&key.id, &activity.lookup_region),
            );
            finding.remediation.advice = Some(Text("advice-key-investigate"));
            let mut addresses: Vec<String> = outside
                .iter()
                .take(ADDRESSES_SHOWN)
                .map(|count| count.name.clone())
                .collect();
            if outside.len() > ADDRESSES_SHOWN {
                addresses.push(format!("+{}", outside.len() - ADDRESSES_SHOWN));
            }
            let events: u32 = outside.iter().map(|count| count.events).sum();
            finding
                .evidence
                .insert("unexpected_addresses", addresses.join(", "));
            finding.evidence.insert("events", events.to_string());
            finding
                .evidence
                .insert("region", activity.lookup_region.clone());
            finding
                .evidence
                .insert("complete", activity.complete.to_string());
            Some(finding)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use iam_audit_model::exposure::KeyActivityBuilder;
    use iam_audit_model::{AccessKeyStatus, Network, Observed};

    use super::*;
    use crate::config::{Exposure, Thresholds};
    use crate::context::testing::{key, now, run, user};

    fn used_from(addresses: &[&str]) -> iam_audit_model::AuditRun {
        let mut activity = KeyActivityBuilder::new("us-east-1");
        activity.page();
        for address in addresses {
            activity.event(
                Some(now()),
                Some(address),
                Some("Boto3/1.34.69"),
                Some("us-east-1"),
            );
        }
        let mut used = key("AKIAUSED", AccessKeyStatus::Active, 60, Some(1));
        used.activity = Some(Observed::Known(activity.finish(true)));
        let mut holder = user("github-actions");
        holder.access_keys = Observed::Known(vec![used]);
        run(vec![holder], None)
    }

    fn judged(organization: &iam_audit_model::AuditRun, networks: &[&str]) -> Vec<Finding> {
        let exposure = Exposure {
            expected_networks: networks
                .iter()
                .filter_map(|network| Network::parse(network).ok())
                .collect(),
            exposed_keys: Vec::new(),
        };
        let thresholds = Thresholds::default();
        let context = AccountContext {
            snapshot: &organization.accounts[0],
            run: organization,
            thresholds: &thresholds,
            exposure: &exposure,
            now: now(),
        };
        (RULE.check)(&context)
    }

    #[test]
    fn addresses_outside_the_expected_networks_are_named() {
        let organization = used_from(&[
            "203.0.113.20",
            "192.0.2.211",
            "cloudformation.amazonaws.com",
            "2001:db8::7",
            "not-an-address",
        ]);
        let findings = judged(&organization, &["203.0.113.0/24", "2001:db8::/32"]);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0]
                .evidence
                .get("unexpected_addresses")
                .map(String::as_str),
            Some("192.0.2.211, not-an-address")
        );
        assert!(
            findings[0]
                .remediation
                .command
                .contains("AttributeValue=AKIAUSED")
        );
        assert!(
            judged(&organization, &["0.0.0.0/0", "::/0"])
                .iter()
                .all(|finding| finding
                    .evidence
                    .get("unexpected_addresses")
                    .map(String::as_str)
                    == Some("not-an-address"))
        );
    }

    #[test]
    fn without_expected_networks_it_never_fires() {
        assert!(judged(&used_from(&["192.0.2.211"]), &[]).is_empty());
        assert!(judged(&used_from(&["203.0.113.20"]), &["203.0.113.0/24"]).is_empty());
    }
}
