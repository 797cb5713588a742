//! Check-ins from kiosks: numbering, idempotency, offline numbers, status.

use protocol::TicketStatus;
use reqwest::StatusCode;
use serde_json::json;
use server::config::Config;

use crate::helpers::*;

#[tokio::test]
async fn a_day_of_checkins_at_two_sites_numbers_each_site_on_its_own() {
    let server = TestServer::daytime().await;
    let arby = server.kiosk("arby-1").await;
    let froslunda = server.kiosk("froslunda-1").await;

    let mut arby_numbers = Vec::new();
    for (errand, language) in [
        ("job", "sv"),
        ("study", "ar"),
        ("benefit", "fi"),
        ("job", "so"),
        ("other", "ti"),
    ] {
        arby_numbers.push(arby.check_in(&checkin(errand, language)).await.number);
    }
    let fr = froslunda.check_in(&checkin("job", "uk")).await;
    assert_eq!(arby_numbers, ["J1", "S2", "A3", "J4", "A5"]);
    assert_eq!(fr.number, "J1");

    let counsellor = server.counsellor("anna").await;
    let queue = counsellor.queue("arby").await;
    assert_eq!(numbers(&queue), ["J1", "S2", "A3", "J4", "A5"]);
    assert!(queue.iter().all(|t| t.status == TicketStatus::Waiting));
    // Staff oversee every site; counsellors only their own.
    let staff = server.counsellor("karin").await;
    assert_eq!(numbers(&staff.queue("froslunda").await), ["J1"]);
}

#[tokio::test]
async fn the_answer_counts_people_ahead_and_gives_a_wait_range() {
    let server = TestServer::daytime().await;
    let kiosk = server.kiosk("arby-1").await;
    let first = kiosk.check_in(&checkin("job", "sv")).await;
    let second = kiosk.check_in(&checkin("job", "sv")).await;
    let third = kiosk.check_in(&checkin("job", "en")).await;
    assert_eq!(
        (first.people_ahead, second.people_ahead, third.people_ahead),
        (0, 1, 2)
    );
    assert!(first.estimated_wait_min.low <= first.estimated_wait_min.high);
    assert!(third.estimated_wait_min.high > first.estimated_wait_min.high);
    assert_eq!(first.status, TicketStatus::Waiting);
    assert!(
        first.status_url.starts_with(&server.url("/t/")),
        "{}",
        first.status_url
    );
}

#[tokio::test]
async fn a_repeated_checkin_gets_200_and_the_same_body() {
    let server = TestServer::daytime().await;
    let kiosk = server.kiosk("arby-1").await;
    let request = checkin("digital", "ar");
    let (first_status, first) = kiosk.post(&request).await;
    assert_eq!(first_status, StatusCode::CREATED);
    kiosk.check_in(&checkin("job", "sv")).await;
    let (again_status, again) = kiosk.post(&request).await;
    assert_eq!(again_status, StatusCode::OK);
    assert_eq!(again, first);
    let count = server.count("SELECT COUNT(*) FROM tickets", &[]).await;
    assert_eq!(count, 2);
}

#[tokio::test]
async fn the_same_id_with_a_different_body_is_refused() {
    let server = TestServer::daytime().await;
    let kiosk = server.kiosk("arby-1").await;
    let request = checkin("job", "sv");
    kiosk.check_in(&request).await;
    let mut changed = request.clone();
    changed.language = "ar".into();
    let (status, body) = kiosk.post(&changed).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"], "idempotency_conflict");
}

#[tokio::test]
async fn kiosk_config_announces_site_errands_languages_and_a_range_of_its_own() {
    let text = format!(
        "{}\n[[kiosks]]\nid = \"arby-2\"\nsite = \"arby\"\n",
        server::config::DEMO_CONFIG
    );
    let server = TestServer::with_config(Config::parse("two-kiosks.toml", &text).unwrap()).await;
    let (status, one) = server.kiosk("arby-1").await.config().await;
    assert_eq!(status, StatusCode::OK);
    let (_, two) = server.kiosk("arby-2").await.config().await;
    assert_eq!(
        one["site"],
        json!({"id": "arby", "name": "Mötesplats Årby"})
    );
    assert_eq!(one["languages"][0], "sv");
    assert_eq!(one["languages"].as_array().unwrap().len(), 15);
    let job = &one["errands"][0];
    assert_eq!((&job["id"], &job["prefix"]), (&json!("job"), &json!("J")));
    let range = |v: &serde_json::Value| {
        (
            v["offline_numbers"]["first"].as_u64().unwrap(),
            v["offline_numbers"]["last"].as_u64().unwrap(),
        )
    };
    let (a, b) = (range(&one), range(&two));
    assert!(a.1 < b.0 || b.1 < a.0, "ranges overlap: {a:?} {b:?}");
}

#[tokio::test]
async fn offline_numbers_and_checkin_times_are_kept() {
    let server = TestServer::daytime().await;
    let kiosk = server.kiosk("arby-1").await;
    let (_, config) = kiosk.config().await;
    let first = config["offline_numbers"]["first"].as_u64().unwrap();

    kiosk.check_in(&checkin("job", "sv")).await;
    let mut offline = checkin_ago("job", "ar", 30);
    offline.number = Some(protocol::OfflineNumber::Printed(format!("J{first}")));
    let answer = kiosk.check_in(&offline).await;
    assert_eq!(answer.number, format!("J{first}"));
    let mut bare = checkin_ago("study", "ar", 20);
    bare.number = Some(protocol::OfflineNumber::Counter(first as u32 + 1));
    assert_eq!(
        kiosk.check_in(&bare).await.number,
        format!("S{}", first + 1)
    );
    // Online numbering goes on as if nothing happened.
    assert_eq!(kiosk.check_in(&checkin("job", "sv")).await.number, "J2");

    let queue = server.counsellor("anna").await.queue("arby").await;
    let kept = queue.iter().find(|t| t.id == offline.id).unwrap();
    assert_eq!(
        kept.checked_in_at.timestamp(),
        offline.created_at.timestamp()
    );
    // Waited 30 minutes: first in line.
    assert_eq!(queue[0].id, offline.id);

    // Someone else's range, the wrong letter, a number used twice.
    let mut outside = checkin("job", "sv");
    outside.number = Some(protocol::OfflineNumber::Counter(5));
    let (status, body) = kiosk.post(&outside).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("number_out_of_range")
        )
    );
    let mut wrong_letter = checkin("job", "sv");
    wrong_letter.number = Some(protocol::OfflineNumber::Printed(format!("S{}", first + 5)));
    let (status, body) = kiosk.post(&wrong_letter).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("number_prefix_mismatch")
        )
    );
    let mut twice = checkin("job", "sv");
    twice.number = Some(protocol::OfflineNumber::Counter(first as u32));
    let (status, body) = kiosk.post(&twice).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::CONFLICT, Some("number_taken"))
    );
}

#[tokio::test]
async fn a_kiosk_clock_ahead_of_the_server_does_not_jump_the_queue() {
    let server = TestServer::daytime().await;
    let kiosk = server.kiosk("arby-1").await;
    let early = kiosk.check_in(&checkin("job", "sv")).await;
    let mut future = checkin("job", "sv");
    future.created_at = (chrono::Utc::now() + chrono::Duration::minutes(20)).fixed_offset();
    kiosk.check_in(&future).await;
    let queue = server.counsellor("anna").await.queue("arby").await;
    assert_eq!(queue[0].id, early.id);
    assert!(queue[1].checked_in_at <= chrono::Utc::now().fixed_offset());
}

#[tokio::test]
async fn the_status_token_tells_the_visitor_where_they_stand() {
    let server = TestServer::daytime().await;
    let kiosk = server.kiosk("arby-1").await;
    kiosk.check_in(&checkin("job", "fi")).await;
    let mine = kiosk.check_in(&checkin("job", "ar")).await;
    let token = mine.status_url.rsplit('/').next().unwrap();
    assert!(token.len() >= 22, "a token of at least 128 bits");
    let status_url = server.url(&format!("/api/v1/status/{token}"));
    let res = reqwest::get(&status_url).await.unwrap();
    assert_eq!(res.headers()["cache-control"], "no-store");
    let status: serde_json::Value = res.json().await.unwrap();
    assert_eq!(status["number"], "J2");
    assert_eq!(status["status"], "waiting");
    assert_eq!(status["people_ahead"], 1);
    assert!(status["estimated_wait_min"]["high"].as_u64().unwrap() >= 1);

    // Anna speaks Arabic: the bonus brings this visitor forward.
    let anna = server.counsellor("anna").await;
    let called = anna.next().await.unwrap();
    assert_eq!(called.number, "J2");
    let status: serde_json::Value = reqwest::get(&status_url)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["status"], "called");
    assert_eq!(status["desk"], "Rum 3");

    let res = reqwest::get(server.url("/api/v1/status/not-a-real-token"))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_offline_number_sent_after_a_late_first_answer_becomes_the_tickets_number() {
    let server = TestServer::daytime().await;
    let kiosk = server.kiosk("arby-1").await;
    let (_, config) = kiosk.config().await;
    let first = config["offline_numbers"]["first"].as_u64().unwrap() as u32;
    // The first try reached the server, but its answer came too late for the
    // kiosk, which gave the visitor an offline number and sends it again.
    let request = checkin("job", "sv");
    let online = kiosk.check_in(&request).await;
    assert_eq!(online.number, "J1");
    let mut again = request.clone();
    again.number = Some(protocol::OfflineNumber::Counter(first));
    let (status, body) = kiosk.post(&again).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["number"], format!("J{first}"));
    assert_eq!(body["status_url"], online.status_url.as_str());
    // Repeats of either form are still recognised; the queue shows the new number.
    assert_eq!(kiosk.post(&again).await.1["number"], format!("J{first}"));
    let queue = server.counsellor("anna").await.queue("arby").await;
    assert_eq!(numbers(&queue), [format!("J{first}")]);
    // Another field changed is still a conflict.
    let mut other = again.clone();
    other.errand = "study".into();
    other.number = Some(protocol::OfflineNumber::Counter(first + 1));
    assert_eq!(kiosk.post(&other).await.0, StatusCode::UNPROCESSABLE_ENTITY);
}
