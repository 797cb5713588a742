//! Bad input gets a 4xx with the error JSON, and changes nothing.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{calling::small, helpers::*};

async fn ticket_count(server: &TestServer) -> i64 {
    server.count("SELECT COUNT(*) FROM tickets", &[]).await
}

async fn expect_error(res: reqwest::Response, status: StatusCode, code: &str) {
    assert_eq!(res.status(), status);
    let content_type = res.headers()["content-type"].to_str().unwrap().to_string();
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"], code, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}

#[tokio::test]
async fn refused_checkins_answer_with_error_json_and_store_nothing() {
    let server = small().await;
    let kiosk = server.kiosk("arby-1").await;
    let post = |body: String, content_type: &'static str| {
        kiosk
            .http
            .post(server.url("/api/v1/checkins"))
            .bearer_auth(&kiosk.token)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let good = serde_json::to_value(checkin("job", "sv")).unwrap();
    let with = |key: &str, value: Value| {
        let mut v = good.clone();
        v[key] = value;
        v.to_string()
    };
    let without = |key: &str| {
        let mut v = good.clone();
        v.as_object_mut().unwrap().remove(key);
        v.to_string()
    };
    let json_type = "application/json";
    expect_error(
        post("{\"id\": ".into(), json_type).await.unwrap(),
        StatusCode::BAD_REQUEST,
        "malformed_json",
    )
    .await;
    expect_error(
        post("[]".into(), json_type).await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_field",
    )
    .await;
    expect_error(
        post(with("appointment", json!("yes")), json_type)
            .await
            .unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_field",
    )
    .await;
    expect_error(
        post(with("id", json!("not-a-uuid")), json_type)
            .await
            .unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_field",
    )
    .await;
    expect_error(
        post(with("created_at", json!("yesterday")), json_type)
            .await
            .unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_field",
    )
    .await;
    expect_error(
        post(with("name", json!("Ali")), json_type).await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_field",
    )
    .await;
    expect_error(
        post(without("errand"), json_type).await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_field",
    )
    .await;
    expect_error(
        post(with("errand", json!("cooking")), json_type)
            .await
            .unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown_errand",
    )
    .await;
    expect_error(
        post(with("language", json!("xx-invalid-!")), json_type)
            .await
            .unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown_language",
    )
    .await;
    expect_error(
        post(with("language", json!("de")), json_type)
            .await
            .unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown_language",
    )
    .await;
    expect_error(
        post(good.to_string(), "text/plain").await.unwrap(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
    let huge = with("errand", json!("x".repeat(100_000)));
    expect_error(
        post(huge, json_type).await.unwrap(),
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    )
    .await;
    assert_eq!(ticket_count(&server).await, 0);
    // And the good one still works afterwards.
    assert_eq!(
        post(good.to_string(), json_type).await.unwrap().status(),
        StatusCode::CREATED
    );
    assert_eq!(ticket_count(&server).await, 1);
}

#[tokio::test]
async fn unknown_routes_methods_sites_and_tickets_answer_in_json() {
    let server = small().await;
    let http = reqwest::Client::new();
    expect_error(
        http.get(server.url("/api/v1/nothing-here"))
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    expect_error(
        http.get(server.url("/api/v2/checkins"))
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    expect_error(
        http.get(server.url("/api/v1/checkins"))
            .send()
            .await
            .unwrap(),
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;
    expect_error(
        http.delete(server.url("/healthz")).send().await.unwrap(),
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;
    expect_error(
        http.get(server.url("/api/v1/sites/atlantis/events"))
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let anna = server.counsellor("anna").await;
    let (status, body) = anna
        .send(Method::GET, "/api/v1/sites/atlantis/queue", None)
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
    let (status, _) = anna
        .send(Method::POST, "/api/v1/tickets/not-a-uuid/done", None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let res = http.get(server.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn bad_login_and_status_bodies_are_refused_cleanly() {
    let server = small().await;
    let http = reqwest::Client::new();
    let login = |body: Value| http.post(server.url("/api/v1/session")).json(&body).send();
    expect_error(
        login(json!({"username": "anna"})).await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_field",
    )
    .await;
    expect_error(
        login(json!({"username": 7, "password": "x"}))
            .await
            .unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_field",
    )
    .await;
    let anna = server.counsellor("anna").await;
    let (status, body) = anna
        .send(
            Method::PUT,
            "/api/v1/counsellor/status",
            Some(json!({"status": "available", "mood": "good"})),
        )
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_field"))
    );
}
