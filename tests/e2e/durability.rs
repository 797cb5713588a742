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
    let integrity: String = server
        .db()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
}
