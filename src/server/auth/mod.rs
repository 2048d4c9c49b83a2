//! Who is asking: accounts, passwords, sessions, and the HTTP layers that protect every route.

pub mod backend;
pub mod layers;
pub mod password;
pub mod session_store;
pub mod throttle;
pub mod user_cache;

pub use backend::{AuthSession, Backend, BackendError, Credentials, User};

use crate::{
    domain::AppError,
    server::{errors::ServerError, AppState},
};
use axum::{extract::ConnectInfo, http::HeaderMap};
use std::net::{IpAddr, SocketAddr};

/// The auth session of the current server fn call.
pub async fn auth_session() -> Result<AuthSession, ServerError> {
    leptos_axum::extract::<AuthSession>().await.map_err(|_| ServerError::MissingContext("auth session"))
}

/// The logged-in user of the current server fn call, or `Unauthorised`. Every server fn that
/// reads or changes data starts here.
pub async fn require_user() -> Result<User, ServerError> {
    Ok(auth_session().await?.user.ok_or(AppError::Unauthorised)?)
}

/// The caller's IP address, for throttling. Behind `TRUSTED_PROXY_HOPS` proxies it is that many
/// entries from the end of `X-Forwarded-For` (each proxy appends the address it was reached
/// from, so entries further left are whatever the client wrote); without proxies, the TCP peer.
pub async fn client_ip(state: &AppState) -> Result<IpAddr, ServerError> {
    let ConnectInfo(peer): ConnectInfo<SocketAddr> =
        leptos_axum::extract().await.map_err(|_| ServerError::MissingContext("peer address"))?;
    let hops = state.config.trusted_proxy_hops;
    if hops == 0 {
        return Ok(peer.ip());
    }
    let headers: HeaderMap = leptos_axum::extract().await.map_err(|_| ServerError::MissingContext("headers"))?;
    Ok(forwarded_client(&headers, hops).unwrap_or(peer.ip()))
}

/// The address `hops` entries from the end of the request's `X-Forwarded-For` (all its headers
/// in order), if the list is that long and the entry is an address. A request that did not come
/// through every proxy is told apart by its peer instead (all such requests share one count).
fn forwarded_client(headers: &HeaderMap, hops: usize) -> Option<IpAddr> {
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect();
    entries.len().checked_sub(hops).and_then(|index| entries[index].parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn forwarded(values: &[&'static str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn the_client_is_as_many_entries_from_the_end_as_there_are_proxies() {
        // What the client wrote, then CloudFront's viewer address, then the load balancer's peer.
        let headers = forwarded(&["203.0.113.66, 198.51.100.7", "130.176.0.1"]);
        assert_eq!(forwarded_client(&headers, 2), Some("198.51.100.7".parse().unwrap()));
        assert_eq!(forwarded_client(&headers, 1), Some("130.176.0.1".parse().unwrap()));
        assert_eq!(forwarded_client(&headers, 4), None, "shorter than the proxy chain");
        assert_eq!(forwarded_client(&forwarded(&["not an address, 10.0.0.1"]), 2), None);
    }
}
