//! Live events: what display boards, status pages and workstations hear,
//! and what the public stream never carries.

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::Value;

use crate::{calling::small, helpers::*};

/// Reads server-sent events until one named `name` arrives (or 5 s pass).
pub async fn wait_for(
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

/// Every event a stream sends within `window`: (name, data).
async fn collect(
    stream: &mut (impl futures_util::Stream<Item = reqwest::Result<bytes::Bytes>> + Unpin),
    window: Duration,
) -> Vec<(String, String)> {
    let mut text = String::new();
    let deadline = tokio::time::Instant::now() + window;
    while let Ok(Some(Ok(chunk))) = tokio::time::timeout_at(deadline, stream.next()).await {
        text.push_str(std::str::from_utf8(&chunk).unwrap());
    }
    text.split("\n\n")
        .filter_map(|block| {
            let mut name = None;
            let mut data = String::new();
            for line in block.lines() {
                if let Some(v) = line.strip_prefix("event:") {
                    name = Some(v.trim().to_string());
                } else if let Some(v) = line.strip_prefix("data:") {
                    data += v.trim();
                }
            }
            name.map(|n| (n, data))
        })
        .collect()
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
    let mikael = server.counsellor("mikael").await;
    mikael.next().await.unwrap();
    let call = wait_for(&mut stream, &mut buffer, "call").await;
    assert_eq!(call["number"], visitor.number.as_str());
    assert_eq!(call["desk"], "Rum 5");
    assert_eq!(call["calls"], 1);
    assert!(
        call.get("errand").is_none() && call.get("language").is_none(),
        "{call}"
    );
    assert!(!call.to_string().contains("benefit"), "{call}");

    mikael.ok(visitor.id, "recall").await;
    let recall = wait_for(&mut stream, &mut buffer, "call").await;
    assert_eq!(
        (recall["number"].as_str(), recall["calls"].as_u64()),
        (Some(visitor.number.as_str()), Some(2))
    );
    // Each call is spoken from a reference of its own.
    assert_ne!(call["speech"], recall["speech"]);
}

/// The privacy scenario of the waiting room: several errands (a sensitive
/// one among them) and languages, every counsellor action; everything the
/// public stream and the board show is read, and none of it names an errand
/// or a language.
#[tokio::test]
async fn the_public_stream_and_board_name_no_errand_and_no_language() {
    let server = TestServer::demo().await;
    let res = reqwest::get(server.url("/api/v1/sites/arby/events"))
        .await
        .unwrap();
    let mut stream = res.bytes_stream();

    let kiosk = server.kiosk("arby-1").await;
    let visits = [
        ("benefit", "ar"),
        ("job", "so"),
        ("study", "ti"),
        ("af", "fa-AF"),
        ("digital", "uk"),
        ("other", "ckb"),
        ("benefit", "fi"),
    ];
    for (errand, language) in visits {
        kiosk.check_in(&checkin(errand, language)).await;
    }
    let anna = server.counsellor("anna").await;
    let hodan = server.counsellor("hodan").await;
    let mikael = server.counsellor("mikael").await;
    for c in [&anna, &hodan, &mikael] {
        if let Some(t) = c.next().await {
            c.ok(t.id, "recall").await;
            c.ok(t.id, "start").await;
            c.ok(t.id, "done").await;
        }
    }
    if let Some(t) = mikael.next().await {
        mikael.ok(t.id, "no-show").await;
        mikael.ok(t.id, "undo-no-show").await;
    }
    if let Some(t) = anna.next().await {
        let (status, _) = anna
            .transfer(t.id, serde_json::json!({"errand": "benefit"}))
            .await;
        assert_eq!(status, reqwest::StatusCode::OK);
    }
    let events = collect(&mut stream, Duration::from_secs(2)).await;
    let board = reqwest::get(server.url("/display/arby"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();

    let names: Vec<&str> = events.iter().map(|(n, _)| n.as_str()).collect();
    println!(
        "public stream: {} events ({} calls); board page: {} bytes",
        events.len(),
        names.iter().filter(|n| **n == "call").count(),
        board.len()
    );
    assert!(
        names.iter().filter(|n| **n == "call").count() >= 6,
        "{names:?}"
    );
    // The stream opens by saying where the trail stands (an id, no data);
    // after that, calls only.
    assert_eq!(events[0], ("position".to_string(), "{}".to_string()));
    let events = &events[1..];
    assert!(
        events.iter().all(|(n, _)| n == "call"),
        "only calls: {names:?}"
    );
    let errands = ["job", "study", "benefit", "af", "digital", "other"];
    let languages = ["ar", "so", "ti", "fa-AF", "uk", "ckb", "fi", "sv"];
    let mut leaks = Vec::new();
    for (_, data) in events {
        let call: Value = serde_json::from_str(data).unwrap();
        let fields: Vec<&str> = call
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(fields, ["calls", "desk", "number", "speech"], "{data}");
        for word in errands.iter().chain(&languages) {
            let quoted = format!("\"{word}\"");
            if data.contains(&quoted) {
                leaks.push(format!("stream: {word} in {data}"));
            }
        }
    }
    let board_text = board.split("<body").nth(1).unwrap();
    for word in errands.iter().chain(&languages).filter(|w| **w != "sv") {
        for form in [
            format!("\"{word}\""),
            format!(">{word}<"),
            format!("={word}"),
        ] {
            if board_text.contains(&form) {
                leaks.push(format!("board: {form}"));
            }
        }
    }
    println!("what got through: {leaks:?}");
    assert!(leaks.is_empty(), "{leaks:?}");
}

#[tokio::test]
async fn staff_hear_tickets_and_the_queue_on_their_own_stream() {
    let server = small().await;
    assert_eq!(
        reqwest::get(server.url("/api/v1/staff/events"))
            .await
            .unwrap()
            .status(),
        reqwest::StatusCode::UNAUTHORIZED
    );
    let anna = server.counsellor("anna").await;
    let other = anna
        .http
        .get(server.url("/api/v1/staff/events?site=froslunda"))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), reqwest::StatusCode::FORBIDDEN);
    let res = anna
        .http
        .get(server.url("/api/v1/staff/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "text/event-stream");
    let mut stream = res.bytes_stream();
    let mut buffer = String::new();
    let visitor = server
        .kiosk("arby-1")
        .await
        .check_in(&checkin("job", "ar"))
        .await;
    let queue = wait_for(&mut stream, &mut buffer, "queue").await;
    assert_eq!(queue["waiting"], 1);
    anna.next().await.unwrap();
    anna.ok(visitor.id, "start").await;
    let mut ticket = wait_for(&mut stream, &mut buffer, "ticket").await;
    while ticket["status"] != "serving" {
        ticket = wait_for(&mut stream, &mut buffer, "ticket").await;
    }
    // Staff, who have no site of their own, name the site they watch.
    let karin = server.counsellor("karin").await;
    let res = karin
        .http
        .get(server.url("/api/v1/staff/events?site=froslunda"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::OK);
}

#[tokio::test]
async fn a_status_page_hears_only_that_something_changed_and_only_with_its_token() {
    let server = small().await;
    let kiosk = server.kiosk("arby-1").await;
    let visitor = kiosk.check_in(&checkin("job", "ar")).await;
    let token = visitor.status_url.rsplit('/').next().unwrap();
    assert_eq!(
        reqwest::get(server.url("/api/v1/status/not-a-token/events"))
            .await
            .unwrap()
            .status(),
        reqwest::StatusCode::NOT_FOUND
    );
    let res = reqwest::get(server.url(&format!("/api/v1/status/{token}/events")))
        .await
        .unwrap();
    let mut stream = res.bytes_stream();
    let mut buffer = String::new();
    kiosk.check_in(&checkin("job", "so")).await;
    let changed = wait_for(&mut stream, &mut buffer, "changed").await;
    assert_eq!(changed, serde_json::json!({}));
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

/// The calls a stream sends within `window`, as (id, number, calls).
pub(crate) async fn calls_heard(
    res: reqwest::Response,
    window: Duration,
) -> Vec<(i64, String, u64)> {
    let mut text = String::new();
    let mut stream = res.bytes_stream();
    let deadline = tokio::time::Instant::now() + window;
    while let Ok(Some(Ok(chunk))) = tokio::time::timeout_at(deadline, stream.next()).await {
        text.push_str(std::str::from_utf8(&chunk).unwrap());
    }
    text.split("\n\n")
        .filter(|block| block.lines().any(|l| l == "event: call"))
        .map(|block| {
            let field = |name: &str| {
                block
                    .lines()
                    .find_map(|l| l.strip_prefix(name).map(str::trim))
                    .unwrap_or_else(|| panic!("a call without {name} {block}"))
            };
            let data: Value = serde_json::from_str(field("data:")).unwrap();
            (
                field("id:").parse().unwrap(),
                data["number"].as_str().unwrap().to_string(),
                data["calls"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// A restart (say, for a config change) drops every board's stream. The
/// browser reconnects by itself with the id of the last call it heard, and
/// first gets the calls made meanwhile, so nobody's number goes unshown.
#[tokio::test]
async fn a_board_that_reconnects_after_a_restart_gets_the_calls_it_missed() {
    let server = small().await;
    let board = server.url("/api/v1/sites/arby/events");
    let kiosk = server.kiosk("arby-1").await;
    for language in ["fi", "ar", "sv"] {
        kiosk.check_in(&checkin("benefit", language)).await;
    }
    let mikael = server.counsellor("mikael").await;
    let listening = reqwest::get(&board).await.unwrap();
    mikael.next().await.unwrap();
    let heard = calls_heard(listening, Duration::from_millis(500)).await;
    assert_eq!(heard.len(), 1, "{heard:?}");
    let (last_heard, ..) = heard[0];

    let server = server.restart().await;
    let second = mikael.next().await.unwrap();
    let third = mikael.next().await.unwrap();
    mikael.ok(second.id, "recall").await;

    let reconnect = |last: Option<i64>| {
        let mut req = reqwest::Client::new().get(server.url("/api/v1/sites/arby/events"));
        if let Some(last) = last {
            req = req.header("Last-Event-ID", last.to_string());
        }
        req.send()
    };
    let missed = calls_heard(
        reconnect(Some(last_heard)).await.unwrap(),
        Duration::from_millis(500),
    )
    .await;
    // Each visitor still on their way once, as their latest call.
    let shown: Vec<(&str, u64)> = missed.iter().map(|(_, n, c)| (n.as_str(), *c)).collect();
    assert_eq!(
        shown,
        [(third.number.as_str(), 1), (second.number.as_str(), 2)]
    );
    // A board that had to open a new stream names the same id as ?after=.
    let by_query =
        reqwest::get(server.url(&format!("/api/v1/sites/arby/events?after={last_heard}")))
            .await
            .unwrap();
    assert_eq!(
        calls_heard(by_query, Duration::from_millis(300)).await,
        missed
    );
    // The one called before the restart and now being served is not sent.
    mikael.ok(third.id, "start").await;
    let later = calls_heard(
        reconnect(Some(last_heard)).await.unwrap(),
        Duration::from_millis(300),
    )
    .await;
    assert_eq!(later.len(), 1, "{later:?}");
    assert!(
        missed.windows(2).all(|w| w[0].0 < w[1].0) && missed[0].0 > last_heard,
        "ids go up: {missed:?}"
    );
    // A board that heard everything, or a new one, gets nothing old.
    let newest = missed.last().unwrap().0;
    assert!(calls_heard(
        reconnect(Some(newest)).await.unwrap(),
        Duration::from_millis(300)
    )
    .await
    .is_empty());
    assert!(
        calls_heard(reconnect(None).await.unwrap(), Duration::from_millis(300))
            .await
            .is_empty()
    );
}
