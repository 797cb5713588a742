//! Who may do what: kiosk tokens, sessions, CSRF, roles, login brakes.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::{calling::small, helpers::*};

#[tokio::test]
async fn kiosk_routes_need_a_valid_unrevoked_token() {
    let server = small().await;
    let http = reqwest::Client::new();
    let res = http
        .get(server.url("/api/v1/kiosk/config"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"], "unauthorized");

    let res = http
        .post(server.url("/api/v1/checkins"))
        .bearer_auth("guess")
        .json(&checkin("job", "sv"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    let old = server.kiosk("arby-1").await;
    assert_eq!(old.config().await.0, StatusCode::OK);
    // Issuing a new token revokes the old one.
    let new = server.kiosk("arby-1").await;
    assert_eq!(old.config().await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(new.config().await.0, StatusCode::OK);
    let (status, _) = old.post(&checkin("job", "sv")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_kiosk_checks_in_at_its_own_site_only() {
    let server = small().await;
    let froslunda = server.kiosk("froslunda-1").await;
    let (status, body) = froslunda.post(&json!({
        "id": uuid::Uuid::new_v4(), "errand": "job", "language": "sv", "appointment": false,
        "interpreter": false, "created_at": chrono::Utc::now().to_rfc3339(), "number": null, "site": "arby"
    })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let ticket = froslunda.check_in(&checkin("job", "sv")).await;
    let anna = server.counsellor("anna").await;
    assert!(anna.queue("arby").await.is_empty());
    let elena = server.counsellor("elena").await;
    assert_eq!(elena.queue("froslunda").await[0].id, ticket.id);
}

#[tokio::test]
async fn session_routes_need_a_session_and_changes_need_the_csrf_token() {
    let server = small().await;
    let http = reqwest::Client::new();
    for (method, path) in [
        (Method::POST, "/api/v1/counsellor/next"),
        (Method::PUT, "/api/v1/counsellor/status"),
        (Method::GET, "/api/v1/sites/arby/queue"),
        (Method::DELETE, "/api/v1/session"),
    ] {
        let res = http
            .request(method.clone(), server.url(path))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{method} {path}");
    }
    let anna = server.counsellor("anna").await;
    let res = anna
        .http
        .post(server.url("/api/v1/counsellor/next"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"], "csrf_failed");
    let res = anna
        .http
        .post(server.url("/api/v1/counsellor/next"))
        .header("X-CSRF-Token", "not-the-token")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Reading needs no CSRF token.
    let res = anna
        .http
        .get(server.url("/api/v1/sites/arby/queue"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_session_cookie_is_http_only_strict_and_new_at_every_login() {
    let server = small().await;
    let login = || async {
        reqwest::Client::new()
            .post(server.url("/api/v1/session"))
            .json(&json!({"username": "anna", "password": PASSWORD}))
            .send()
            .await
            .unwrap()
    };
    let first = login().await;
    let cookie = first.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("vagvisare_session="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain http on loopback: {cookie}"
    );
    let second = login().await;
    assert_ne!(
        second.headers()["set-cookie"],
        first.headers()["set-cookie"]
    );
}

#[tokio::test]
async fn under_https_the_cookie_is_host_prefixed_and_secure_with_hsts() {
    let mut config = server::config::Config::parse("small.toml", crate::calling::SMALL).unwrap();
    config.public_url = Some("https://vagvisare.example.se".into());
    let server = TestServer::with_config(config).await;
    let res = reqwest::Client::new()
        .post(server.url("/api/v1/session"))
        .json(&json!({"username": "anna", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("__Host-vagvisare_session="), "{cookie}");
    assert!(
        cookie.contains("; Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Domain"), "{cookie}");
    assert!(res.headers()["strict-transport-security"]
        .to_str()
        .unwrap()
        .starts_with("max-age="));
}

#[tokio::test]
async fn logout_ends_the_session() {
    let server = small().await;
    let anna = server.counsellor("anna").await;
    let (status, me) = anna.send(Method::GET, "/api/v1/session", None).await;
    assert_eq!(
        (status, me["username"].as_str()),
        (StatusCode::OK, Some("anna"))
    );
    assert_eq!(me["csrf_token"], anna.csrf.as_str());
    let (status, _) = anna.send(Method::DELETE, "/api/v1/session", None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = anna
        .send(Method::GET, "/api/v1/sites/arby/queue", None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn wrong_passwords_are_refused_and_then_slowed_down() {
    let server = small().await;
    let http = reqwest::Client::new();
    let attempt = |username: &'static str, password: &'static str| {
        let http = http.clone();
        let url = server.url("/api/v1/session");
        async move {
            http.post(url)
                .json(&json!({"username": username, "password": password}))
                .send()
                .await
                .unwrap()
        }
    };
    let res = attempt("nobody", "whatever").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(attempt("hodan", "guess-guess").await.status());
    }
    assert_eq!(&statuses[..5], &[StatusCode::UNAUTHORIZED; 5]);
    assert_eq!(statuses[5], StatusCode::TOO_MANY_REQUESTS);
    // Locked even with the right password, and told for how long.
    let res = attempt("hodan", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=30).contains(&retry), "{retry}");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"], "too_many_attempts");
    // Measured: of 50 more guesses in a row, none is even checked.
    let started = std::time::Instant::now();
    let mut checked = 0;
    for _ in 0..50 {
        if attempt("hodan", "guess-again").await.status() != StatusCode::TOO_MANY_REQUESTS {
            checked += 1;
        }
    }
    println!(
        "brute force: 5 guesses checked, then {checked} of 50 in {:?}; locked for {retry} s",
        started.elapsed()
    );
    assert_eq!(checked, 0);
    // Others are not locked out by Hodan's brake.
    assert_eq!(attempt("anna", PASSWORD).await.status(), StatusCode::OK);
}
