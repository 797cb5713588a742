//! Generated bad input against the JSON endpoints: never a 5xx, always the
//! error JSON, and a refused check-in stores nothing. `VAGVISARE_FUZZ_CASES`
//! sets the number of cases per endpoint (300 by default; 100,000 for a soak).

use proptest::{prelude::*, test_runner::TestRunner};
use reqwest::StatusCode;
use serde_json::{json, Map, Value};

use crate::helpers::*;

const FIELDS: [&str; 10] = [
    "id",
    "errand",
    "language",
    "appointment",
    "interpreter",
    "created_at",
    "number",
    "status",
    "username",
    "password",
];

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,40}".prop_map(Value::String),
        Just(json!("job")),
        Just(json!("2026-11-22T09:00:00+01:00")),
        Just(json!(uuid::Uuid::nil())),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(&FIELDS[..]), inner), 0..8).prop_map(
                |pairs| {
                    Value::Object(
                        pairs
                            .into_iter()
                            .map(|(k, v)| (k.to_string(), v))
                            .collect::<Map<_, _>>(),
                    )
                }
            ),
        ]
    })
}

/// A valid check-in with one field replaced, removed or added.
fn mutated_checkin() -> impl Strategy<Value = Value> {
    (prop::sample::select(&FIELDS[..]), any_json(), 0..3u8).prop_map(|(field, value, how)| {
        let mut body = serde_json::to_value(checkin("job", "sv")).unwrap();
        let map = body.as_object_mut().unwrap();
        match how {
            0 => {
                map.remove(field);
            }
            _ => {
                map.insert(field.to_string(), value);
            }
        }
        body
    })
}

#[test]
fn generated_bad_input_never_gets_a_5xx_and_always_the_error_json() {
    let cases: u32 = std::env::var("VAGVISARE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (server, kiosk, anna) = runtime.block_on(async {
        let server = TestServer::demo().await;
        let kiosk = server.kiosk("arby-1").await;
        let anna = server.counsellor("anna").await;
        (server, kiosk, anna)
    });
    let ticket = runtime.block_on(kiosk.check_in(&checkin("job", "sv")));
    let mut endpoints_tried = 0;
    let created = std::sync::atomic::AtomicI64::new(1);
    for endpoint in ["checkin", "session", "status", "transfer"] {
        let mut runner = TestRunner::new(ProptestConfig {
            cases,
            failure_persistence: None,
            ..ProptestConfig::default()
        });
        let strategy = prop_oneof![any_json(), mutated_checkin()];
        runner
            .run(&strategy, |body| {
                let (status, answer) = runtime.block_on(async {
                    match endpoint {
                        "checkin" => kiosk.post(&body).await,
                        "session" => {
                            let res = reqwest::Client::new()
                                .post(server.url("/api/v1/session"))
                                .json(&body)
                                .send()
                                .await
                                .unwrap();
                            let status = res.status();
                            (status, res.json().await.unwrap_or(Value::Null))
                        }
                        "status" => {
                            anna.send(
                                reqwest::Method::PUT,
                                "/api/v1/counsellor/status",
                                Some(body.clone()),
                            )
                            .await
                        }
                        _ => anna.transfer(ticket.id, body.clone()).await,
                    }
                });
                prop_assert!(status.as_u16() < 500, "{endpoint}: {status} for {body}");
                if endpoint == "checkin" && status == StatusCode::CREATED {
                    created.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
                if !status.is_success() {
                    prop_assert!(
                        answer["error"].as_str().is_some_and(|e| !e.is_empty()),
                        "{endpoint}: {answer} for {body}"
                    );
                    prop_assert!(answer["message"].is_string());
                }
                Ok(())
            })
            .unwrap();
        endpoints_tried += 1;
    }
    // Only accepted check-ins made tickets; everything refused stored nothing.
    let stored = runtime.block_on(server.count("SELECT COUNT(*) FROM tickets", &[]));
    println!("endpoints: {endpoints_tried}, cases each: {cases}, tickets stored: {stored}");
    assert_eq!(stored, created.into_inner());
    let statuses: Vec<String> = runtime
        .block_on(server.sql("SELECT DISTINCT status FROM tickets", &[]))
        .into_iter()
        .map(|r| r[0].as_str().unwrap().to_string())
        .collect();
    assert!(statuses
        .iter()
        .all(|s| ["waiting", "called", "serving", "done", "no_show"].contains(&s.as_str())));
}
