//! Live events: what display boards and pages hear.

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::Value;

use crate::{calling::small, helpers::*};

/// Reads server-sent events until one named `name` arrives (or 5 s pass).
async fn wait_for(
    stream: &mut (impl futures_util::Stream<Item = reqwest::Result<bytes::Bytes>> + Unpin),
    buffer: &mut String,
    name: &str,
) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            let mut event = "message";
            let mut data = String::new();
            for line in block.lines() {
                if let Some(v) = line.strip_prefix("event:") {
                    event = if v.trim() == name { name } else { "other" };
                } else if let Some(v) = line.strip_prefix("data:") {
                    data += v.trim();
                }
            }
            if event == name {
                return serde_json::from_str(&data).unwrap();
            }
        }
        let chunk = tokio::time::timeout_at(deadline, stream.next())
            .await
            .unwrap_or_else(|_| panic!("no {name} event within 5 s"))
            .expect("stream open")
            .unwrap();
        buffer.push_str(std::str::from_utf8(&chunk).unwrap());
    }
}

#[tokio::test]
async fn a_call_is_announced_with_number_and_desk_but_never_the_errand() {
    let server = small().await;
    let res = reqwest::get(server.url("/api/v1/sites/arby/events"))
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "text/event-stream");
    let mut stream = res.bytes_stream();
    let mut buffer = String::new();

    let kiosk = server.kiosk("arby-1").await;
    let visitor = kiosk.check_in(&checkin("benefit", "fi")).await;
    let queue = wait_for(&mut stream, &mut buffer, "queue").await;
    assert_eq!(queue["waiting"], 1);

    let mikael = server.counsellor("mikael").await;
    mikael.next().await.unwrap();
    let call = wait_for(&mut stream, &mut buffer, "call").await;
    assert_eq!(call["number"], visitor.number.as_str());
    assert_eq!(call["desk"], "Rum 5");
    assert_eq!(call["calls"], 1);
    assert!(call.get("errand").is_none(), "{call}");
    assert!(!call.to_string().contains("benefit"), "{call}");

    mikael.ok(visitor.id, "recall").await;
    let recall = wait_for(&mut stream, &mut buffer, "call").await;
    assert_eq!(
        (recall["number"].as_str(), recall["calls"].as_u64()),
        (Some(visitor.number.as_str()), Some(2))
    );

    mikael.ok(visitor.id, "start").await;
    // The recall's own `ticket` event comes first; then the start.
    let mut ticket = wait_for(&mut stream, &mut buffer, "ticket").await;
    if ticket["status"] == "called" {
        ticket = wait_for(&mut stream, &mut buffer, "ticket").await;
    }
    assert_eq!(ticket["status"], "serving");
}

#[tokio::test]
async fn another_sites_calls_are_not_heard() {
    let server = small().await;
    let res = reqwest::get(server.url("/api/v1/sites/froslunda/events"))
        .await
        .unwrap();
    let mut stream = res.bytes_stream();
    let mut buffer = String::new();
    server
        .kiosk("arby-1")
        .await
        .check_in(&checkin("job", "sv"))
        .await;
    server.counsellor("anna").await.next().await.unwrap();
    let fr = server
        .kiosk("froslunda-1")
        .await
        .check_in(&checkin("job", "uk"))
        .await;
    server.counsellor("elena").await.next().await.unwrap();
    let call = wait_for(&mut stream, &mut buffer, "call").await;
    assert_eq!(
        (call["number"].as_str(), call["desk"].as_str()),
        (Some(fr.number.as_str()), Some("Rum 1"))
    );
}

#[tokio::test]
async fn shutdown_ends_open_event_streams() {
    let mut server = small().await;
    let res = reqwest::get(server.url("/api/v1/sites/arby/events"))
        .await
        .unwrap();
    let mut stream = res.bytes_stream();
    // The shutdown completes (the fixture allows 10 s) although a board listens.
    server.shutdown().await;
    let rest = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(Ok(_)) = stream.next().await {}
    })
    .await;
    assert!(rest.is_ok(), "the stream ended");
}
