//! Which addresses the poller may reach: public unicast ones only, so a
//! feed (or a redirect, or a DNS answer) cannot point the server at
//! itself, the intranet or a cloud metadata service. Checked on the URL's
//! host when it is an address (every form the URL standard reads as one:
//! decimal `2130706433`, octal `0177.0.0.1`, hex, IPv4-mapped IPv6), and
//! on every address a name resolves to, for the first request and every
//! redirect. Hosts named in the settings (tests, an intranet's outlets)
//! are let through.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// Why the poller refused to go somewhere.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("{host} is at {ip}, which is not a public address")]
    Address { host: String, ip: IpAddr },
    #[error("only http and https addresses are fetched, not {0}")]
    Scheme(String),
    #[error("more than {0} redirects")]
    TooManyRedirects(usize),
    #[error("{0} has no address")]
    NoAddress(String),
}

fn v4_is_public(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(a == 0
        || a == 10
        || a == 127
        || (a == 100 && (64..128).contains(&b))
        || (a == 169 && b == 254)
        || (a == 172 && (16..32).contains(&b))
        || (a == 192 && b == 168)
        || (a == 192 && b == 0 && (c == 0 || c == 2))
        || (a == 192 && b == 88 && c == 99)
        || (a == 198 && (b == 18 || b == 19))
        || (a == 198 && b == 51 && c == 100)
        || (a == 203 && b == 0 && c == 113)
        || a >= 224)
}

fn v6_is_public(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d): the IPv4 inside decides.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return v4_is_public(v4);
    }
    if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
        let v4 = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
        return v4_is_public(v4);
    }
    !(ip.is_unspecified()
        || ip.is_loopback()
        // IPv4-compatible (deprecated ::a.b.c.d) and the rest of ::/96.
        || s[0..6] == [0, 0, 0, 0, 0, 0]
        || (s[0] == 0x100 && s[1..4] == [0, 0, 0])
        || (s[0] == 0x2001 && s[1] < 0x200)
        || (s[0] == 0x2001 && s[1] == 0xdb8)
        || s[0] == 0x2002
        || (s[0] & 0xfe00) == 0xfc00
        || (s[0] & 0xffc0) == 0xfe80
        || (s[0] & 0xffc0) == 0xfec0
        || (s[0] & 0xff00) == 0xff00)
}

/// Whether `ip` is a public unicast address.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4_is_public(v4),
        IpAddr::V6(v6) => v6_is_public(v6),
    }
}

/// The hosts let through whatever their address, lowercased.
#[derive(Debug, Clone, Default)]
pub struct AddressPolicy {
    allowed_hosts: Arc<Vec<String>>,
}

impl AddressPolicy {
    pub fn new(allowed_hosts: &[String]) -> AddressPolicy {
        AddressPolicy {
            allowed_hosts: Arc::new(
                allowed_hosts
                    .iter()
                    .map(|h| h.trim().trim_matches(['[', ']']).to_ascii_lowercase())
                    .filter(|h| !h.is_empty())
                    .collect(),
            ),
        }
    }

    fn allows_host(&self, host: &str) -> bool {
        let host = host.trim_matches(['[', ']']).to_ascii_lowercase();
        self.allowed_hosts.contains(&host)
    }

    /// Checks a URL before it is requested: its scheme, and its host when
    /// that is an address (names are checked when they are resolved).
    pub fn check_url(&self, url: &url::Url) -> Result<(), Refusal> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Refusal::Scheme(url.scheme().to_owned()));
        }
        let ip = match url.host() {
            Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip),
            Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip),
            Some(url::Host::Domain(_)) => return Ok(()),
            None => return Err(Refusal::NoAddress(url.to_string())),
        };
        let host = url.host_str().unwrap_or_default();
        if is_public(ip) || self.allows_host(host) {
            Ok(())
        } else {
            Err(Refusal::Address {
                host: host.to_owned(),
                ip,
            })
        }
    }

    /// Checks the addresses a name resolved to: all must be public.
    pub fn check_resolved(&self, host: &str, addrs: &[SocketAddr]) -> Result<(), Refusal> {
        if addrs.is_empty() {
            return Err(Refusal::NoAddress(host.to_owned()));
        }
        if self.allows_host(host) {
            return Ok(());
        }
        match addrs.iter().find(|a| !is_public(a.ip())) {
            Some(bad) => Err(Refusal::Address {
                host: host.to_owned(),
                ip: bad.ip(),
            }),
            None => Ok(()),
        }
    }
}

/// The client's resolver: the system's, then [`AddressPolicy::check_resolved`].
pub(crate) struct CheckedResolver(pub AddressPolicy);

impl Resolve for CheckedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.0.clone();
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            policy.check_resolved(&host, &addrs)?;
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_unicast_addresses_pass() {
        let refused = [
            "0.0.0.0",
            "10.1.2.3",
            "100.64.0.1",
            "127.0.0.1",
            "127.255.255.254",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.0.0.8",
            "192.0.2.1",
            "192.168.1.1",
            "198.18.0.1",
            "198.51.100.7",
            "203.0.113.9",
            "224.0.0.1",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "64:ff9b::a00:1",
            "100::1",
            "2001:db8::1",
            "2001::1",
            "2002:7f00:1::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
        ];
        for ip in refused {
            assert!(!is_public(ip.parse().unwrap()), "{ip} should be refused");
        }
        let allowed = [
            "1.1.1.1",
            "8.8.8.8",
            "36.86.63.182",
            "100.128.0.1",
            "172.32.0.1",
            "192.169.0.1",
            "2606:4700:4700::1111",
            "2404:6800:4003::200e",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
        ];
        for ip in allowed {
            assert!(is_public(ip.parse().unwrap()), "{ip} should pass");
        }
    }

    #[test]
    fn every_spelling_of_an_address_in_a_url_is_checked() {
        let policy = AddressPolicy::default();
        for url in [
            "http://127.0.0.1/feed",
            "http://2130706433/feed",
            "http://0177.0.0.1/feed",
            "http://0x7f.0.0.1/feed",
            "http://0x7f000001/feed",
            "http://127.1/feed",
            "http://[::1]/feed",
            "http://[::ffff:7f00:1]/feed",
            "http://[::ffff:127.0.0.1]/feed",
            "http://169.254.169.254/latest/meta-data/",
            "http://[fe80::1]/",
            "http://0/",
            "http://10.0.0.1:8080/",
        ] {
            let parsed = url::Url::parse(url).unwrap();
            assert!(
                matches!(policy.check_url(&parsed), Err(Refusal::Address { .. })),
                "{url} should be refused"
            );
        }
        assert!(matches!(
            policy.check_url(&url::Url::parse("file:///etc/passwd").unwrap()),
            Err(Refusal::Scheme(_))
        ));
        assert!(matches!(
            policy.check_url(&url::Url::parse("gopher://x.example/").unwrap()),
            Err(Refusal::Scheme(_))
        ));
        assert!(
            policy
                .check_url(&url::Url::parse("https://8.8.8.8/").unwrap())
                .is_ok()
        );
        assert!(
            policy
                .check_url(&url::Url::parse("https://news.example/").unwrap())
                .is_ok()
        );
    }

    #[test]
    fn named_hosts_are_let_through_and_nothing_else() {
        let policy = AddressPolicy::new(&["LOCALHOST".to_owned(), "[::1]".to_owned()]);
        let local: SocketAddr = "127.0.0.1:0".parse().unwrap();
        assert!(policy.check_resolved("localhost", &[local]).is_ok());
        assert!(policy.check_resolved("intranet.example", &[local]).is_err());
        assert!(
            policy
                .check_url(&url::Url::parse("http://[::1]:8080/").unwrap())
                .is_ok()
        );
        assert!(
            policy
                .check_url(&url::Url::parse("http://127.0.0.1/").unwrap())
                .is_err()
        );
        // A name with one private address among public ones is refused.
        let public: SocketAddr = "8.8.8.8:0".parse().unwrap();
        assert!(
            AddressPolicy::default()
                .check_resolved("mixed.example", &[public, local])
                .is_err()
        );
        assert!(
            AddressPolicy::default()
                .check_resolved("none.example", &[])
                .is_err()
        );
    }
}
