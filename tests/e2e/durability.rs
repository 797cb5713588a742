//! A restarted server has lost nothing.

use reqwest::StatusCode;

use crate::{calling::small, helpers::*};

#[tokio::test]
async fn a_restart_loses_no_ticket_no_place_and_no_number() {
    let server = small().await;
    let kiosk = server.kiosk("arby-1").await;
    let mut requests = Vec::new();
    for i in 0..10 {
        let request = checkin_ago("job", ["sv", "ar", "so"][i % 3], 30 - i as i64);
        kiosk.check_in(&request).await;
        requests.push(request);
    }
    let hodan = server.counsellor("hodan").await;
    for _ in 0..3 {
        let t = hodan.next().await.unwrap();
        hodan.ok(t.id, "done").await;
    }
    let held = hodan.next().await.unwrap();
    let before = hodan.queue("arby").await;
    assert_eq!(before.len(), 6);

    let server = server.restart().await;
    // Sessions are stored too: Hodan carries on without logging in again.
    let after = hodan.queue("arby").await;
    assert_eq!(numbers(&after), numbers(&before));
    let times = |q: &[protocol::Ticket]| q.iter().map(|t| t.checked_in_at).collect::<Vec<_>>();
    assert_eq!(times(&after), times(&before));
    assert_eq!(hodan.ok(held.id, "done").await.number, held.number);

    // Replays are still recognised, and numbering goes on where it was.
    let (status, _) = kiosk.post(&requests[0]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kiosk.check_in(&checkin("job", "sv")).await.number, "J11");
    if !server.on_postgres() {
        let integrity = server.sql("PRAGMA integrity_check", &[]).await;
        assert_eq!(integrity[0][0], "ok");
    }
}

/// SQLite's file only: PostgreSQL's disk is the database server's.
#[tokio::test]
async fn a_full_or_read_only_disk_refuses_checkins_clearly_and_corrupts_nothing() {
    let server = small().await;
    let Some(sqlite) = server.sqlite.clone() else {
        println!("SQLite only");
        return;
    };
    let kiosk = server.kiosk("arby-1").await;
    let anna = server.counsellor("anna").await;
    kiosk.check_in(&checkin("job", "sv")).await;

    // The disk fills up: SQLite may not grow the file any more.
    sqlite
        .db()
        .interact(|conn| {
            let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
            conn.pragma_update(None, "max_page_count", pages)?;
            Ok(())
        })
        .await
        .unwrap();
    let mut accepted = 1;
    let refused = loop {
        let request = checkin("benefit", "ar");
        let (status, body) = kiosk.post(&request).await;
        if status == StatusCode::SERVICE_UNAVAILABLE {
            assert_eq!(body["error"], "storage_unavailable", "{body}");
            break request;
        }
        assert_eq!(status, StatusCode::CREATED, "{body}");
        accepted += 1;
        assert!(accepted < 5000, "the disk never filled up");
    };
    // Reading still works; the refused visitor is nowhere, half or whole.
    assert_eq!(anna.queue("arby").await.len(), accepted);
    let found = server
        .count(
            "SELECT COUNT(*) FROM tickets WHERE id = ?1",
            &[&refused.id.to_string()],
        )
        .await;
    assert_eq!(found, 0);

    // Read-only is refused the same way.
    sqlite
        .db()
        .interact(|conn| {
            conn.pragma_update(None, "max_page_count", 1_000_000)?;
            conn.pragma_update(None, "query_only", true)?;
            Ok(())
        })
        .await
        .unwrap();
    let (status, body) = kiosk.post(&refused).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, Some("storage_unavailable"))
    );

    // When the disk is back, the kiosk's retry goes through, once.
    sqlite
        .db()
        .interact(|conn| Ok(conn.pragma_update(None, "query_only", false)?))
        .await
        .unwrap();
    assert_eq!(kiosk.post(&refused).await.0, StatusCode::CREATED);
    assert_eq!(kiosk.post(&refused).await.0, StatusCode::OK);
    println!(
        "accepted before the disk was full: {accepted}; then refused with 503 until it had room"
    );
    let integrity = server.sql("PRAGMA integrity_check", &[]).await;
    assert_eq!(integrity[0][0], "ok");
}
