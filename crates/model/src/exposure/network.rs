//! The networks a key is expected to be used from (`[exposure] expected_networks`): IPv4 and IPv6
//! CIDR blocks, parsed with the standard library's address types (no dependency: a prefix is a
//! mask over the address's bits).

use std::net::IpAddr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An IPv4 or IPv6 CIDR block (`203.0.113.0/24`, `2001:db8::/32`); a bare address is a block of
/// one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Network {
    address: IpAddr,
    prefix: u8,
}

/// Why a text is not a CIDR block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetworkError {
    /// The address part is neither IPv4 nor IPv6.
    Address,
    /// The prefix is not a number up to 32 (IPv4) or 128 (IPv6).
    Prefix,
    /// Bits beyond the prefix are set; the block meant is given.
    HostBits(String),
}

impl std::fmt::Display for NetworkError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NetworkError::Address => formatter.write_str("not an IPv4 or IPv6 address"),
            NetworkError::Prefix => {
                formatter.write_str("the prefix must be 0–32 for IPv4, 0–128 for IPv6")
            }
            NetworkError::HostBits(block) => {
                write!(
                    formatter,
                    "bits beyond the prefix are set (did you mean {block}?)"
                )
            }
        }
    }
}

impl std::error::Error for NetworkError {}

fn bits(address: IpAddr) -> (u128, u8) {
    match address {
        IpAddr::V4(v4) => (u128::from(u32::from(v4)), 32),
        IpAddr::V6(v6) => (u128::from(v6), 128),
    }
}

fn mask(prefix: u8, width: u8) -> u128 {
    if prefix == 0 {
        return 0;
    }
    let all = if width == 32 {
        u128::from(u32::MAX)
    } else {
        u128::MAX
    };
    (all << (width - prefix)) & all
}

impl Network {
    /// Parses `ADDRESS/PREFIX` or a bare address.
    pub fn parse(text: &str) -> Result<Network, NetworkError> {
        let (address, prefix) = match text.trim().split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text.trim(), None),
        };
        let address: IpAddr = address.parse().map_err(|_| NetworkError::Address)?;
        let (value, width) = bits(address);
        let prefix = match prefix {
            None => width,
            Some(prefix) => Some(prefix)
                .filter(|digits| {
                    !digits.is_empty()
                        && digits.len() <= 3
                        && digits.bytes().all(|digit| digit.is_ascii_digit())
                })
                .and_then(|digits| digits.parse::<u8>().ok())
                .filter(|prefix| *prefix <= width)
                .ok_or(NetworkError::Prefix)?,
        };
        let masked = value & mask(prefix, width);
        if masked != value {
            let block = Network {
                address: from_bits(masked, address),
                prefix,
            };
            return Err(NetworkError::HostBits(block.to_string()));
        }
        Ok(Network { address, prefix })
    }

    /// Whether `address` is in the block (an IPv4-mapped IPv6 address counts as its IPv4).
    pub fn contains(&self, address: IpAddr) -> bool {
        let address = match address {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
            IpAddr::V4(_) => address,
        };
        let (value, width) = bits(address);
        let (own, own_width) = bits(self.address);
        width == own_width && value & mask(self.prefix, width) == own
    }
}

fn from_bits(value: u128, like: IpAddr) -> IpAddr {
    match like {
        IpAddr::V4(_) => IpAddr::V4(std::net::Ipv4Addr::from(value as u32)),
        IpAddr::V6(_) => IpAddr::V6(std::net::Ipv6Addr::from(value)),
    }
}

impl std::fmt::Display for Network {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{}/{}", self.address, self.prefix)
    }
}

impl Serialize for Network {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Network {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Network, D::Error> {
        let text = String::deserialize(deserializer)?;
        Network::parse(&text).map_err(|error| serde::de::Error::custom(format!("{text}: {error}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse()
            .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED))
    }

    #[test]
    fn ipv4_and_ipv6_blocks_hold_their_addresses() {
        let office = Network::parse("203.0.113.0/24").expect("a block");
        assert!(office.contains(ip("203.0.113.20")));
        assert!(office.contains(ip("::ffff:203.0.113.45")));
        assert!(!office.contains(ip("192.0.2.211")));
        assert!(!office.contains(ip("2001:db8::1")));
        let v6 = Network::parse("2001:db8::/32").expect("a block");
        assert!(v6.contains(ip("2001:db8:ffff::1")));
        assert!(!v6.contains(ip("2001:db9::1")));
        assert!(!v6.contains(ip("203.0.113.20")));
        let one = Network::parse("198.51.100.30").expect("an address");
        assert_eq!(one.to_string(), "198.51.100.30/32");
        assert!(one.contains(ip("198.51.100.30")) && !one.contains(ip("198.51.100.31")));
        assert!(
            Network::parse("0.0.0.0/0")
                .expect("all")
                .contains(ip("8.8.8.8"))
        );
        assert!(Network::parse("::/0").expect("all").contains(ip("2001::1")));
    }

    #[test]
    fn malformed_blocks_say_why() {
        assert_eq!(Network::parse("203.0.113.0/33"), Err(NetworkError::Prefix));
        assert_eq!(Network::parse("203.0.113.0/"), Err(NetworkError::Prefix));
        assert_eq!(Network::parse("203.0.113.0/+8"), Err(NetworkError::Prefix));
        assert_eq!(Network::parse("office"), Err(NetworkError::Address));
        assert_eq!(
            Network::parse("203.0.113.7/24"),
            Err(NetworkError::HostBits("203.0.113.0/24".to_string()))
        );
        assert_eq!(
            Network::parse("2001:db8::1/32"),
            Err(NetworkError::HostBits("2001:db8::/32".to_string()))
        );
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(crate::property_cases(2000)))]

        /// Any text is a block or an error, never a panic.
        #[test]
        fn any_text_parses_or_is_refused(text in any::<String>()) {
            let _ = Network::parse(&text);
        }

        /// A block holds exactly the addresses that share its first `prefix` bits.
        #[test]
        fn a_block_holds_what_shares_its_prefix(base in any::<u32>(), prefix in 0u8..=32, other in any::<u32>()) {
            let masked = base & (u64::from(u32::MAX) << (32 - u32::from(prefix))) as u32;
            let block = Network::parse(&format!("{}/{prefix}", std::net::Ipv4Addr::from(masked))).expect("a block");
            let shares = prefix == 0 || (other ^ masked) >> (32 - u32::from(prefix)) == 0;
            prop_assert_eq!(block.contains(IpAddr::V4(std::net::Ipv4Addr::from(other))), shares);
        }
    }
}
