//! Who is asking: accounts, passwords, sessions, and the HTTP layers that protect every route.

pub mod backend;
pub mod layers;
pub mod password;
pub mod session_store;
pub mod throttle;

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

/// The caller's IP address, for login throttling. Behind a load balancer
/// (`TRUST_FORWARDED_FOR=true`) it is the last `X-Forwarded-For` entry, the one the balancer
/// itself added; otherwise the TCP peer (a client could forge the header).
pub async fn client_ip(state: &AppState) -> Result<IpAddr, ServerError> {
    if state.config.trust_forwarded_for {
        let headers: HeaderMap = leptos_axum::extract().await.map_err(|_| ServerError::MissingContext("headers"))?;
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .filter_map(|entry| entry.trim().parse::<IpAddr>().ok())
            .next_back();
        if let Some(ip) = forwarded {
            return Ok(ip);
        }
    }
    let ConnectInfo(peer): ConnectInfo<SocketAddr> =
        leptos_axum::extract().await.map_err(|_| ServerError::MissingContext("peer address"))?;
    Ok(peer.ip())
}
