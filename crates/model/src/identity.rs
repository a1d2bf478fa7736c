//! The identities that link one run to the next: a finding's and a credential's, defined once
//! (the rules, the reports and the run-to-run diff all use these functions). Documented in
//! `docs/json.md`.

/// A finding's identity: `iam-audit/<account>/<rule>/<resource>`, then `/<access key id>` when
/// the finding names a key that is not its resource, then `/<discriminator>` when one rule finds
/// several things on one resource. Stable across runs, unique within one; the ASFF `Id` and the
/// OCSF `finding_info.uid`.
pub fn finding_id(
    account_id: &str,
    rule_id: &str,
    resource: &str,
    access_key_id: Option<&str>,
    discriminator: Option<&str>,
) -> String {
    let mut id = format!("iam-audit/{account_id}/{rule_id}/{resource}");
    if let Some(key) = access_key_id.filter(|key| *key != resource) {
        id.push('/');
        id.push_str(key);
    }
    if let Some(discriminator) = discriminator {
        id.push('/');
        id.push_str(discriminator);
    }
    id
}

/// A credential's identity: `<account>/<user>/<credential id>` (an access key id, an SSH key id,
/// a certificate id...). Ids are unique within an account, the user makes the line readable.
pub fn credential_id(account_id: &str, user_name: &str, credential: &str) -> String {
    format!("{account_id}/{user_name}/{credential}")
}

/// One of N shards of an organization's accounts (`--shard K/N`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Shard {
    /// 1..=count.
    pub index: u32,
    /// How many shards.
    pub count: u32,
}

impl Shard {
    /// Parses `K/N` (1 ≤ K ≤ N ≤ 1000).
    pub fn parse(text: &str) -> Option<Shard> {
        let (index, count) = text.trim().split_once('/')?;
        let shard = Shard {
            index: index.trim().parse().ok()?,
            count: count.trim().parse().ok()?,
        };
        ((1..=1000).contains(&shard.count) && (1..=shard.count).contains(&shard.index))
            .then_some(shard)
    }

    /// Whether an account belongs to this shard: the caller's account is always in shard 1 (it
    /// is read with the caller's own credentials, once); every other account by a stable hash
    /// of its id (FNV-1a, the same on every machine and every run).
    pub fn holds(&self, account_id: &str, caller_account_id: &str) -> bool {
        let assigned = if account_id == caller_account_id {
            1
        } else {
            let hash = account_id
                .bytes()
                .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
                    (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
                });
            u32::try_from(hash % u64::from(self.count.max(1))).unwrap_or(0) + 1
        };
        assigned == self.index
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_that_is_the_resource_is_not_repeated() {
        assert_eq!(
            finding_id("1", "KEY001", "AKIA1", Some("AKIA1"), None),
            "iam-audit/1/KEY001/AKIA1"
        );
        assert_eq!(
            finding_id("1", "X", "arn:aws:iam::1:user/a", Some("AKIA1"), Some("d")),
            "iam-audit/1/X/arn:aws:iam::1:user/a/AKIA1/d"
        );
        assert_eq!(credential_id("1", "a", "AKIA1"), "1/a/AKIA1");
    }

    #[test]
    fn every_account_is_in_exactly_one_shard_and_the_caller_in_the_first() {
        assert_eq!(Shard::parse("2/3"), Some(Shard { index: 2, count: 3 }));
        for bad in ["0/3", "4/3", "1/0", "x/2", "2", ""] {
            assert_eq!(Shard::parse(bad), None, "{bad}");
        }
        let caller = "111111111111";
        let mut sizes = [0usize; 3];
        for number in 0..3000u64 {
            let account = format!("{:012}", 200_000_000_000 + number * 7919);
            let holders: Vec<u32> = (1..=3)
                .filter(|index| {
                    Shard {
                        index: *index,
                        count: 3,
                    }
                    .holds(&account, caller)
                })
                .collect();
            assert_eq!(holders.len(), 1, "{account}");
            sizes[holders[0] as usize - 1] += 1;
        }
        assert!(sizes.iter().all(|size| *size > 800), "balanced: {sizes:?}");
        assert!(Shard { index: 1, count: 3 }.holds(caller, caller));
        assert!(!Shard { index: 2, count: 3 }.holds(caller, caller));
    }
}
