//! Passwords as people use them: changing one's own, and an admin's reset
//! that gives a one-time set-up link instead of a password.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;

async fn login(server: &TestServer, username: &str, password: &str) -> StatusCode {
    reqwest::Client::new()
        .post(server.url("/api/v1/session"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn a_counsellor_changes_her_own_password_and_other_sessions_end() {
    let server = TestServer::demo().await;
    let anna = server.counsellor("anna").await;
    let elsewhere = server.counsellor("anna").await;
    let change = |current: &str, new: &str| {
        let body = json!({"current": current, "new": new});
        let anna = &anna;
        async move {
            anna.send(Method::PUT, "/api/v1/account/password", Some(body))
                .await
        }
    };
    // The policy first: too short, too common, the username.
    for (new, code) in [
        ("short", "password_too_short"),
        ("Password123", "password_too_common"),
        ("1Q2W3E4R5T", "password_too_common"),
    ] {
        let (status, body) = change(PASSWORD, new).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(code)),
            "{new}"
        );
    }
    let (status, body) = change("not my password", "a new long passphrase").await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("wrong_password"))
    );
    let (status, _) = change(PASSWORD, "a new long passphrase").await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // This session goes on; the other one has ended; only the new password works.
    assert_eq!(anna.set_status("available").await, StatusCode::OK);
    assert_eq!(
        elsewhere.set_status("available").await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login(&server, "anna", PASSWORD).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login(&server, "anna", "a new long passphrase").await,
        StatusCode::OK
    );
    // A change without the CSRF header is refused.
    let res = anna
        .http
        .put(server.url("/api/v1/account/password"))
        .json(&json!({"current": "a new long passphrase", "new": "yet another passphrase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_admins_reset_gives_a_one_time_link_and_never_a_password() {
    let server = TestServer::demo().await;
    let admin = server.counsellor("admin").await;
    let hodan = server.counsellor("hodan").await;
    // Only admins reset, and only people in the config.
    let (status, _) = hodan
        .send(Method::POST, "/api/v1/accounts/anna/setup-link", None)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = admin
        .send(Method::POST, "/api/v1/accounts/nobody/setup-link", None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let anna = server.counsellor("anna").await;
    let (status, link) = admin
        .send(Method::POST, "/api/v1/accounts/anna/setup-link", None)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{link}");
    assert_eq!(link["username"], "anna");
    let url = link["setup_url"].as_str().unwrap().to_string();
    assert!(url.starts_with(&server.url("/setup/")), "{url}");
    assert!(!link.to_string().contains("password\""), "{link}");
    // Only the link's hash is stored.
    let token = url.rsplit('/').next().unwrap();
    let counts = server
        .sql(
            "SELECT COUNT(*), COUNT(*) FILTER (WHERE token_hash = ?1) FROM password_setups",
            &[token],
        )
        .await;
    let (rows, clear) = (
        counts[0][0].as_i64().unwrap(),
        counts[0][1].as_i64().unwrap(),
    );
    assert_eq!((rows, clear), (1, 0));
    // The old password and session end at once.
    assert_eq!(anna.set_status("available").await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        login(&server, "anna", PASSWORD).await,
        StatusCode::UNAUTHORIZED
    );

    // Anna opens the link and chooses her password (the form checks it too).
    let page = reqwest::get(&url).await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("anna"));
    let client = reqwest::Client::new();
    let post = |new: &str, repeat: &str| {
        client
            .post(&url)
            .form(&[("new", new), ("repeat", repeat)])
            .send()
    };
    let res = post("a brand new passphrase", "a different passphrase")
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = post("password123", "password123").await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = post("a brand new passphrase", "a brand new passphrase")
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        login(&server, "anna", "a brand new passphrase").await,
        StatusCode::OK
    );
    // The link works once.
    let res = post("yet another passphrase", "yet another passphrase")
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        reqwest::get(&url).await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_account_page_offers_the_change_and_to_admins_the_reset() {
    let server = TestServer::demo().await;
    for (who, admin) in [("anna", false), ("admin", true)] {
        let c = server.counsellor(who).await;
        let page: String = c
            .http
            .get(server.url("/account?lang=en"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("id=\"change-password\""), "{who}");
        assert!(page.contains("That password is too common"), "{who}");
        assert_eq!(page.contains("id=\"setup-link\""), admin, "{who}");
    }
    // Without a session the page sends people to the login.
    let res = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(server.url("/account"))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
}
