//! Alerts through the contract: a kiosk's help request and a counsellor's
//! alarm reach the site's staff at once, are acknowledged once, go to the
//! webhook outside the building, and never reach anything public.

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{events::wait_for, helpers::*};

fn help(language: &str) -> Value {
    json!({
        "id": uuid::Uuid::new_v4(),
        "language": language,
        "created_at": chrono::Utc::now().to_rfc3339(),
    })
}

async fn ask_for_help(server: &TestServer, kiosk: &str, body: &Value) -> (StatusCode, Value) {
    let res = reqwest::Client::new()
        .post(server.url("/api/v1/kiosk/help"))
        .bearer_auth(server.kiosk_token(kiosk))
        .json(body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap())
}

#[tokio::test]
async fn a_help_request_is_idempotent_listed_at_its_site_and_acknowledged_once() {
    let server = TestServer::demo().await;
    let body = help("ti");
    let (status, first) = ask_for_help(&server, "arby-1", &body).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["kind"], "help");
    assert_eq!(first["status"], "open");
    let (status, again) = ask_for_help(&server, "arby-1", &body).await;
    assert_eq!((status, &again), (StatusCode::OK, &first));
    let mut other = body.clone();
    other["language"] = json!("ar");
    let (status, conflict) = ask_for_help(&server, "arby-1", &other).await;
    assert_eq!(
        (status, conflict["error"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("idempotency_conflict")
        )
    );
    let (status, _) = ask_for_help(&server, "arby-1", &help("xx")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let anna = server.counsellor("anna").await;
    let (status, list) = anna.send(Method::GET, "/api/v1/alerts", None).await;
    assert_eq!(status, StatusCode::OK);
    let alert = &list["alerts"][0];
    assert_eq!(
        (
            alert["id"].as_str(),
            alert["kiosk"].as_str(),
            alert["language"].as_str()
        ),
        (first["id"].as_str(), Some("arby-1"), Some("ti"))
    );
    assert_eq!(alert["status"], "open");
    // Another site's people do not see it, and cannot answer it.
    let elena = server.counsellor("elena").await;
    let (_, theirs) = elena.send(Method::GET, "/api/v1/alerts", None).await;
    assert_eq!(theirs["alerts"], json!([]));
    let ack = format!("/api/v1/alerts/{}/ack", first["id"].as_str().unwrap());
    assert_eq!(
        elena.send(Method::POST, &ack, None).await.0,
        StatusCode::NOT_FOUND
    );
    // The first to answer stands.
    let (status, acked) = anna.send(Method::POST, &ack, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (acked["status"].as_str(), acked["acknowledged_by"].as_str()),
        (Some("acknowledged"), Some("anna"))
    );
    let hodan = server.counsellor("hodan").await;
    let (status, again) = hodan.send(Method::POST, &ack, None).await;
    assert_eq!((status, &again), (StatusCode::OK, &acked));
    // Staff, who have no site of their own, name one.
    let karin = server.counsellor("karin").await;
    let (status, _) = karin.send(Method::GET, "/api/v1/alerts", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (_, staff) = karin
        .send(Method::GET, "/api/v1/alerts?site=arby", None)
        .await;
    assert_eq!(staff["alerts"][0]["acknowledged_by"], "anna");
}

#[tokio::test]
async fn an_alarm_reaches_the_sites_staff_stream_at_once_and_nothing_reaches_the_public() {
    let server = TestServer::demo().await;
    let public = reqwest::get(server.url("/api/v1/sites/arby/events"))
        .await
        .unwrap();
    let mut public = public.bytes_stream();
    let hodan = server.counsellor("hodan").await;
    let mut staff = hodan.staff_events().await;
    let mut buffer = String::new();

    let anna = server.counsellor("anna").await;
    let id = uuid::Uuid::new_v4();
    let started = Instant::now();
    let (status, raised) = anna
        .send(Method::POST, "/api/v1/alarm", Some(json!({"id": id})))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{raised}");
    let alarm = wait_for(&mut staff, &mut buffer, "alarm").await;
    let took = started.elapsed();
    println!(
        "the alarm reached a colleague's stream in {} ms",
        took.as_millis()
    );
    assert!(took < Duration::from_secs(1));
    assert_eq!(
        (alarm["counsellor"].as_str(), alarm["desk"].as_str()),
        (Some("anna"), Some("Rum 3"))
    );
    // A repeat is the same alarm; a kiosk cannot raise one.
    let (status, _) = anna
        .send(Method::POST, "/api/v1/alarm", Some(json!({"id": id})))
        .await;
    assert_eq!(status, StatusCode::OK);
    let res = reqwest::Client::new()
        .post(server.url("/api/v1/alarm"))
        .bearer_auth(server.kiosk_token("arby-1"))
        .json(&json!({"id": uuid::Uuid::new_v4()}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    ask_for_help(&server, "arby-1", &help("so")).await;
    wait_for(&mut staff, &mut buffer, "help").await;
    let (_, acked) = hodan
        .send(Method::POST, &format!("/api/v1/alerts/{id}/ack"), None)
        .await;
    assert_eq!(acked["acknowledged_by"], "hodan");
    let ack = wait_for(&mut staff, &mut buffer, "ack").await;
    assert_eq!(
        ack,
        json!({"id": id.to_string(), "acknowledged_by": "hodan"})
    );

    // The public stream heard none of it, and the board shows none of it.
    let mut text = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_millis(800);
    use futures_util::StreamExt;
    while let Ok(Some(Ok(chunk))) = tokio::time::timeout_at(deadline, public.next()).await {
        text.push_str(std::str::from_utf8(&chunk).unwrap());
    }
    let board = reqwest::get(server.url("/display/arby"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for leak in ["help", "alarm", "ack", &id.to_string(), "Rum 3"] {
        assert!(!text.contains(leak), "public stream: {leak} in {text:?}");
    }
    assert!(!board.contains(&id.to_string()) && !board.contains("alarm"));
}

/// A listener on 127.0.0.1 that answers every request 200 and hands over
/// the bodies it received.
async fn webhook_listener(
    listener: tokio::net::TcpListener,
) -> tokio::sync::mpsc::UnboundedReceiver<Value> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |axum::Json(body): axum::Json<Value>| {
                let tx = tx.clone();
                async move {
                    let _ = tx.send(body);
                    "ok"
                }
            }),
        );
        axum::serve(listener, app).await.unwrap();
    });
    rx
}

fn with_webhook(port: u16) -> server::config::Config {
    let text = server::config::DEMO_CONFIG.replace(
        "name = \"Mötesplats Årby\"\n",
        &format!("name = \"Mötesplats Årby\"\nalarm_webhook = \"http://127.0.0.1:{port}/hook\"\n"),
    );
    server::config::Config::parse("webhook.toml", &text).unwrap()
}

#[tokio::test]
async fn the_webhook_receives_each_alarm_and_one_that_is_down_is_retried() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = TestServer::with_config(with_webhook(port)).await;
    let mut received = webhook_listener(listener).await;
    let anna = server.counsellor("anna").await;
    let id = uuid::Uuid::new_v4();
    anna.send(Method::POST, "/api/v1/alarm", Some(json!({"id": id})))
        .await;
    let body = tokio::time::timeout(Duration::from_secs(5), received.recv())
        .await
        .expect("the webhook got the alarm")
        .unwrap();
    println!("webhook got: {body}");
    assert_eq!(body["kind"], "alarm");
    assert_eq!(body["id"], id.to_string());
    assert_eq!(
        (
            body["site"].as_str(),
            body["desk"].as_str(),
            body["counsellor_name"].as_str()
        ),
        (Some("arby"), Some("Rum 3"), Some("Anna Lindqvist"))
    );

    // Now a webhook that is down at first: the alarm still reaches the
    // colleagues at once, and the webhook gets it once it is back.
    let down = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = down.local_addr().unwrap().port();
    drop(down);
    let server = TestServer::with_config(with_webhook(port)).await;
    let hodan = server.counsellor("hodan").await;
    let mut stream = hodan.staff_events().await;
    let mut buffer = String::new();
    let anna = server.counsellor("anna").await;
    let started = Instant::now();
    let (status, _) = anna
        .send(
            Method::POST,
            "/api/v1/alarm",
            Some(json!({"id": uuid::Uuid::new_v4()})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    wait_for(&mut stream, &mut buffer, "alarm").await;
    assert!(started.elapsed() < Duration::from_secs(1));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap();
    let mut received = webhook_listener(listener).await;
    let body = tokio::time::timeout(Duration::from_secs(10), received.recv())
        .await
        .expect("the retried alarm arrived")
        .unwrap();
    println!(
        "a webhook that was down got the alarm {:.1} s after it was raised",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(body["kind"], "alarm");
}

#[tokio::test]
async fn help_requests_and_the_time_until_someone_came_are_in_the_footfall() {
    let server = TestServer::demo().await;
    let (_, first) = ask_for_help(&server, "arby-1", &help("ar")).await;
    ask_for_help(&server, "arby-1", &help("so")).await;
    let anna = server.counsellor("anna").await;
    anna.send(
        Method::POST,
        "/api/v1/alarm",
        Some(json!({"id": uuid::Uuid::new_v4()})),
    )
    .await;
    anna.send(
        Method::POST,
        &format!("/api/v1/alerts/{}/ack", first["id"].as_str().unwrap()),
        None,
    )
    .await;
    let karin = server.counsellor("karin").await;
    let (status, stats) = karin
        .send(Method::GET, "/api/v1/stats/footfall?site=arby", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let day = &stats["days"][0];
    assert_eq!(
        (day["help_requests"].as_u64(), day["alarms"].as_u64()),
        (Some(2), Some(1))
    );
    assert!(day["help_acknowledged_s"]["median"].is_u64(), "{day}");
    let csv = karin
        .http
        .get(server.url("/api/v1/stats/footfall?site=arby&format=csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let row: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    let column = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!((column("help_requests"), column("alarms")), ("2", "1"));
}
