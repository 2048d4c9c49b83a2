//! Where a webhook may point: an `https://` URL (plain `http://` only on a local instance) whose
//! host is a public address. A webhook's POST comes from inside our network, so an address on
//! it (loopback, private ranges, link-local and the cloud's metadata service, …) would let a
//! board admin reach what the internet cannot (SSRF).
//!
//! The host is checked when the webhook is added, and again at every connection: a name is
//! resolved by [`GuardedResolver`], which hands the HTTP client only public addresses, so a name
//! that later resolves elsewhere (DNS rebinding) reaches nothing private either.

use crate::domain::Message;
use hyper_util::client::legacy::connect::dns::Name;
use std::{
    future::Future,
    io,
    net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr},
    pin::Pin,
    task::{Context, Poll},
};
use url::{Host, Url};

/// Longest URL kept.
pub const URL_MAX_CHARS: usize = 2000;

/// What the instance allows beyond public https (both only on a local instance).
#[derive(Debug, Clone, Copy, Default)]
pub struct Allowances {
    pub http: bool,
    pub private_addresses: bool,
}

/// A webhook URL as typed, checked for its form: absolute, https (or http where allowed), a
/// host, no user name or password in it.
pub fn parse(input: &str, allow: Allowances) -> Result<Url, Message> {
    let input = input.trim();
    if input.chars().count() > URL_MAX_CHARS {
        return Err(Message::TooLong(URL_MAX_CHARS));
    }
    let url = Url::parse(input).map_err(|_| Message::WebhookUrlInvalid)?;
    match url.scheme() {
        "https" => {}
        "http" if allow.http => {}
        _ => return Err(Message::WebhookHttpsOnly),
    }
    if url.host().is_none() || !url.username().is_empty() || url.password().is_some() {
        return Err(Message::WebhookUrlInvalid);
    }
    Ok(url)
}

/// Checks where `url` leads now: every address its host has must be public (unless allowed).
pub async fn check_destination(url: &Url, allow: Allowances) -> Result<(), Message> {
    if allow.private_addresses {
        return Ok(());
    }
    let port = url.port_or_known_default().unwrap_or(443);
    let addresses: Vec<IpAddr> = match url.host() {
        Some(Host::Ipv4(ip)) => vec![IpAddr::V4(ip)],
        Some(Host::Ipv6(ip)) => vec![IpAddr::V6(ip)],
        Some(Host::Domain(name)) => tokio::net::lookup_host((name, port))
            .await
            .map_err(|_| Message::WebhookHostUnknown)?
            .map(|address| address.ip())
            .collect(),
        None => return Err(Message::WebhookUrlInvalid),
    };
    if addresses.is_empty() {
        return Err(Message::WebhookHostUnknown);
    }
    if addresses.iter().all(|ip| is_public(*ip)) {
        Ok(())
    } else {
        Err(Message::WebhookPrivateAddress)
    }
}

/// Whether `ip` is reachable on the public internet: not loopback, private (RFC 1918, unique
/// local), shared (CGNAT), link-local (the metadata service), unspecified, broadcast,
/// multicast, documentation, benchmarking or reserved, also when written as IPv4 in IPv6.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => is_public_v4(ip),
        IpAddr::V6(ip) => match ip.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(ip),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240) // reserved
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00 // unique local
        || (first & 0xffc0) == 0xfe80 // link-local
        || first == 0x2001 && ip.segments()[1] == 0x0db8 // documentation
        || first == 0x0064 && ip.segments()[1] == 0xff9b) // NAT64, which could reach private IPv4
}

/// The HTTP client's name resolver: the name's addresses, public ones only (all of them where
/// private addresses are allowed); none left is a connection error.
#[derive(Debug, Clone, Copy)]
pub struct GuardedResolver {
    pub allow_private: bool,
}

impl tower_service::Service<Name> for GuardedResolver {
    type Response = std::vec::IntoIter<SocketAddr>;
    type Error = io::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, io::Error>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), io::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, name: Name) -> Self::Future {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((name.as_str(), 0)).await?.collect();
            let kept: Vec<SocketAddr> =
                found.into_iter().filter(|address| allow_private || is_public(address.ip())).collect();
            if kept.is_empty() {
                return Err(io::Error::new(io::ErrorKind::PermissionDenied, "the host has no public address"));
            }
            Ok(kept.into_iter())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn only_public_addresses_are_public() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "192.0.2.1",
            "198.18.0.1",
            "240.0.0.1",
            "::1",
            "::",
            "fc00::1",
            "fd12::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "2001:db8::1",
            "64:ff9b::a00:1",
        ] {
            assert!(!is_public(ip(private)), "{private}");
        }
        for public in ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"] {
            assert!(is_public(ip(public)), "{public}");
        }
    }

    #[test]
    fn urls_must_be_https_with_a_host_and_no_credentials() {
        let strict = Allowances::default();
        assert!(parse("https://hooks.example.com/taskboard", strict).is_ok());
        assert_eq!(parse("http://hooks.example.com/", strict).unwrap_err(), Message::WebhookHttpsOnly);
        assert!(parse("http://hooks.example.com/", Allowances { http: true, private_addresses: false }).is_ok());
        assert_eq!(parse("ftp://example.com/", strict).unwrap_err(), Message::WebhookHttpsOnly);
        assert_eq!(parse("hooks.example.com", strict).unwrap_err(), Message::WebhookUrlInvalid);
        assert_eq!(parse("https://user:pw@example.com/", strict).unwrap_err(), Message::WebhookUrlInvalid);
        let long = format!("https://example.com/{}", "a".repeat(URL_MAX_CHARS));
        assert_eq!(parse(&long, strict).unwrap_err(), Message::TooLong(URL_MAX_CHARS));
    }

    #[tokio::test]
    async fn a_destination_on_our_side_is_refused_whatever_it_is_called() {
        let strict = Allowances { http: true, private_addresses: false };
        for url in
            ["http://127.0.0.1:9/", "http://[::1]/", "http://169.254.169.254/latest/meta-data", "http://localhost/"]
        {
            let url = Url::parse(url).unwrap();
            assert_eq!(check_destination(&url, strict).await, Err(Message::WebhookPrivateAddress), "{url}");
        }
        let allowed = Allowances { http: true, private_addresses: true };
        assert_eq!(check_destination(&Url::parse("http://127.0.0.1/").unwrap(), allowed).await, Ok(()));
    }

    #[tokio::test]
    async fn the_resolver_hands_out_no_private_address() {
        use tower_service::Service as _;
        let name: Name = "localhost".parse().unwrap();
        let refused = GuardedResolver { allow_private: false }.call(name.clone()).await;
        assert_eq!(refused.unwrap_err().kind(), io::ErrorKind::PermissionDenied);
        let allowed = GuardedResolver { allow_private: true }.call(name).await.unwrap();
        assert!(allowed.count() > 0);
    }
}
