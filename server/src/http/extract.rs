//! Who may call a route, and how a body is read: extractors, so handlers
//! never check credentials themselves.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::{
    extract::{rejection::JsonRejection, FromRequest, FromRequestParts, Request},
    http::{header, request::Parts, Method, StatusCode},
    Json,
};
use serde::de::DeserializeOwned;

use super::AppState;
use crate::{
    auth,
    config::{Config, Counsellor, Kiosk, Role},
    error::{AppError, AppResult},
    store::{accounts, StoreError},
};

/// The session cookie's name over plain http (a development machine).
pub const SESSION_COOKIE: &str = "vagvisare_session";
/// Its name under https: browsers accept a `__Host-` cookie only with
/// `Secure`, `Path=/` and no `Domain`, so no other host or subdomain, and no
/// plain-http page, can plant or overwrite it.
pub const SECURE_SESSION_COOKIE: &str = "__Host-vagvisare_session";
/// Sessions end after this long without a request.
pub const SESSION_IDLE_MS: i64 = 4 * 3_600_000;
/// And after this long in any case: a workstation left logged in overnight
/// is logged out, however often its page polled.
pub const SESSION_MAX_MS: i64 = 12 * 3_600_000;

/// A JSON body whose every rejection is an [`AppError`] with the error JSON.
pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(JsonBody(value)),
            Err(rejection) => Err(match rejection {
                JsonRejection::JsonDataError(e) => {
                    AppError::Unprocessable("invalid_field", e.body_text())
                }
                JsonRejection::JsonSyntaxError(e) => {
                    AppError::BadRequest("malformed_json", e.body_text())
                }
                JsonRejection::MissingJsonContentType(e) => {
                    AppError::UnsupportedMediaType("unsupported_media_type", e.body_text())
                }
                other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    AppError::PayloadTooLarge
                }
                other => AppError::BadRequest("bad_body", other.body_text()),
            }),
        }
    }
}

/// A form body (the login and set-up pages) whose rejection is the error JSON.
pub struct FormBody<T>(pub T);

impl<S, T> FromRequest<S> for FormBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        axum::Form::<T>::from_request(req, state)
            .await
            .map(|axum::Form(value)| FormBody(value))
            .map_err(|e| match e.status() {
                StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
                StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                    AppError::UnsupportedMediaType("unsupported_media_type", e.body_text())
                }
                _ => AppError::Unprocessable("invalid_form", e.body_text()),
            })
    }
}

/// A path parameter whose rejection is the error JSON, like every refusal.
pub struct PathParam<T>(pub T);

impl<S, T> FromRequestParts<S> for PathParam<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| PathParam(value))
            .map_err(|e| AppError::BadRequest("invalid_path", e.body_text()))
    }
}

/// A query string whose rejection is the error JSON.
pub struct QueryParams<T>(pub T);

impl<S, T> FromRequestParts<S> for QueryParams<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| QueryParams(value))
            .map_err(|e| AppError::BadRequest("invalid_query", e.body_text()))
    }
}

/// The address a connection came from, put on each request by `serve`.
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub SocketAddr);

/// The client's address: the connection's peer, or, when the peer is one of
/// the configured trusted proxies, the last address in `X-Forwarded-For`
/// that is not itself a trusted proxy. Anyone else's `X-Forwarded-For` is
/// ignored, so a client cannot choose the address its login attempts count
/// against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl ClientAddr {
    pub fn of(parts: &Parts, trusted_proxies: &[IpAddr]) -> ClientAddr {
        ClientAddr::from_request(&parts.extensions, &parts.headers, trusted_proxies)
    }

    pub fn from_request(
        extensions: &axum::http::Extensions,
        headers: &axum::http::HeaderMap,
        trusted_proxies: &[IpAddr],
    ) -> ClientAddr {
        // With a dual-stack listener IPv4 peers arrive as ::ffff:a.b.c.d.
        let peer = extensions
            .get::<Peer>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |p| {
                p.0.ip().to_canonical()
            });
        let trusted = |ip: &IpAddr| trusted_proxies.iter().any(|t| t.to_canonical() == *ip);
        if !trusted(&peer) {
            return ClientAddr(peer);
        }
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(forwarded_address)
            .collect::<Vec<_>>();
        let client = forwarded
            .into_iter()
            .rev()
            .find(|a| !trusted(a))
            .unwrap_or(peer);
        ClientAddr(client)
    }
}

/// One entry of `X-Forwarded-For`: an address, perhaps with a port
/// (`1.2.3.4:5678`, `[2001:db8::1]:443`).
fn forwarded_address(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    if let Ok(ip) = entry.parse::<IpAddr>() {
        return Some(ip.to_canonical());
    }
    if let Ok(socket) = entry.parse::<SocketAddr>() {
        return Some(socket.ip().to_canonical());
    }
    entry
        .strip_prefix('[')
        .and_then(|e| e.strip_suffix(']'))
        .and_then(|e| e.parse::<IpAddr>().ok())
        .map(|ip| ip.to_canonical())
}

impl std::fmt::Display for ClientAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr::of(parts, &state.config.trusted_proxies))
    }
}

/// A kiosk, identified by its bearer token.
pub struct KioskAuth {
    pub kiosk: Kiosk,
    /// Decides the kiosk's offline number range.
    pub slot: u32,
}

fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// A kiosk's bearer token (its hash), present but not yet checked. The
/// check-in route has the store check it with the check-in itself: one trip
/// to the store instead of two.
pub struct KioskToken {
    pub hash: String,
}

impl<S: Sync> FromRequestParts<S> for KioskToken {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        let token = bearer(parts).ok_or_else(|| {
            AppError::Unauthorized(
                "unauthorized",
                "this route needs a kiosk token (Authorization: Bearer ...)".into(),
            )
        })?;
        Ok(KioskToken {
            hash: auth::hash_token(token),
        })
    }
}

impl FromRequestParts<AppState> for KioskAuth {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = KioskToken::from_request_parts(parts, state).await?;
        let (kiosk, slot) = state
            .store
            .kiosk_by_token(token.hash)
            .await?
            .ok_or(StoreError::UnknownKiosk)?;
        Ok(KioskAuth { kiosk, slot })
    }
}

/// Someone logged in: any role. State-changing requests must carry the
/// session's CSRF token in `X-CSRF-Token`.
pub struct SessionAuth {
    pub account: Counsellor,
    pub csrf_token: String,
    pub session_hash: String,
}

pub fn session_cookie<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value)
}

/// Compares without an early exit, so timing does not reveal the token.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

impl FromRequestParts<AppState> for SessionAuth {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let unauthorized = || AppError::Unauthorized("unauthorized", "log in first".into());
        let cookie = session_cookie(parts, state.cookie_name()).ok_or_else(unauthorized)?;
        let session_hash = auth::hash_token(cookie);
        let lookup = session_hash.clone();
        let limits = accounts::Lifetime {
            idle_ms: SESSION_IDLE_MS,
            max_ms: SESSION_MAX_MS,
        };
        let session = state
            .store
            .touch_session(lookup, crate::clock::now_ms(), limits)
            .await?
            .ok_or_else(unauthorized)?;
        // Someone removed from the config can no longer act, session or not.
        let account = state
            .config
            .counsellor(&session.username)
            .cloned()
            .ok_or_else(unauthorized)?;
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe {
            let sent = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !same_secret(sent, &session.csrf_token) {
                tracing::warn!(
                    target: "security",
                    username = %account.username,
                    client = %ClientAddr::of(parts, &state.config.trusted_proxies),
                    path = %parts.uri.path(),
                    "refused: missing or wrong CSRF token"
                );
                return Err(AppError::Forbidden(
                    "csrf_failed",
                    "missing or wrong X-CSRF-Token header".into(),
                ));
            }
        }
        Ok(SessionAuth {
            account,
            csrf_token: session.csrf_token,
            session_hash,
        })
    }
}

/// The logged-in account, if its role passes `allowed`; 403 otherwise.
async fn account_with_role(
    parts: &mut Parts,
    state: &AppState,
    allowed: fn(Role) -> bool,
    refusal: &str,
) -> Result<Counsellor, AppError> {
    let session = SessionAuth::from_request_parts(parts, state).await?;
    if allowed(session.account.role) {
        Ok(session.account)
    } else {
        tracing::warn!(
            target: "security",
            username = %session.account.username,
            client = %ClientAddr::of(parts, &state.config.trusted_proxies),
            path = %parts.uri.path(),
            "refused: {refusal}"
        );
        Err(AppError::Forbidden("forbidden", refusal.into()))
    }
}

/// Someone who takes visitors: role counsellor or admin.
pub struct CounsellorAuth(pub Counsellor);

impl FromRequestParts<AppState> for CounsellorAuth {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        account_with_role(
            parts,
            state,
            Role::serves_visitors,
            "only counsellors take visitors",
        )
        .await
        .map(CounsellorAuth)
    }
}

/// Someone who may read statistics: role staff or admin.
pub struct StaffAuth(pub Counsellor);

impl FromRequestParts<AppState> for StaffAuth {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        account_with_role(
            parts,
            state,
            Role::reads_statistics,
            "only staff read statistics",
        )
        .await
        .map(StaffAuth)
    }
}

/// `?site=` on the routes that staff use for one site at a time.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteChoice {
    pub site: Option<String>,
}

impl SiteChoice {
    /// The site `me` watches: a counsellor's own; staff and admins, who
    /// oversee every site (and staff have none of their own), the one they
    /// name, else their own.
    pub fn of<'a>(
        &self,
        config: &'a Config,
        me: &Counsellor,
    ) -> AppResult<&'a crate::config::Site> {
        let id = match (self.site.as_deref(), me.role) {
            (Some(site), Role::Staff | Role::Admin) => site,
            (Some(site), Role::Counsellor) if site == me.site => site,
            (Some(_), Role::Counsellor) => {
                return Err(AppError::Forbidden(
                    "other_site",
                    "counsellors see only their own site".into(),
                ))
            }
            (None, _) if !me.site.is_empty() => &me.site,
            (None, _) => {
                return Err(AppError::BadRequest(
                    "site_required",
                    "name the site: ?site=".into(),
                ))
            }
        };
        config.site(id).ok_or_else(|| AppError::not_found("site"))
    }
}

/// An administrator: role admin.
pub struct AdminAuth(pub Counsellor);

impl FromRequestParts<AppState> for AdminAuth {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        account_with_role(
            parts,
            state,
            |role| role == Role::Admin,
            "only administrators manage accounts",
        )
        .await
        .map(AdminAuth)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(peer: &str, forwarded: Option<&str>, trusted: &[&str]) -> IpAddr {
        let mut extensions = axum::http::Extensions::new();
        extensions.insert(Peer(peer.parse().unwrap()));
        let mut headers = axum::http::HeaderMap::new();
        if let Some(f) = forwarded {
            headers.insert("x-forwarded-for", f.parse().unwrap());
        }
        let trusted: Vec<IpAddr> = trusted.iter().map(|t| t.parse().unwrap()).collect();
        ClientAddr::from_request(&extensions, &headers, &trusted).0
    }

    #[test]
    fn forwarded_for_counts_only_from_a_trusted_proxy() {
        let proxy = "10.0.0.1";
        assert_eq!(
            client("10.0.0.1:5000", Some("192.0.2.9"), &[proxy]).to_string(),
            "192.0.2.9"
        );
        // Anyone else's header is ignored.
        assert_eq!(
            client("192.0.2.50:5000", Some("1.1.1.1"), &[proxy]).to_string(),
            "192.0.2.50"
        );
        // The last address not itself a proxy: a client cannot prepend one.
        assert_eq!(
            client(
                "10.0.0.1:5000",
                Some("6.6.6.6, 192.0.2.9:4431, 10.0.0.1"),
                &[proxy]
            )
            .to_string(),
            "192.0.2.9"
        );
        // A dual-stack listener's mapped addresses match the configured IPv4.
        assert_eq!(
            client(
                "[::ffff:10.0.0.1]:5000",
                Some("[2001:db8::7]:443"),
                &[proxy]
            )
            .to_string(),
            "2001:db8::7"
        );
    }
}
