//! The counsellor's actions on a called visitor and their state machine.

use protocol::TicketStatus;
use reqwest::StatusCode;
use serde_json::json;

use crate::{calling::small, helpers::*};

#[tokio::test]
async fn a_visit_goes_from_call_to_done_and_cannot_be_finished_twice() {
    let server = small().await;
    let kiosk = server.kiosk("arby-1").await;
    let ticket = kiosk.check_in(&checkin("job", "sv")).await;
    let anna = server.counsellor("anna").await;
    let called = anna.next().await.unwrap();
    assert_eq!((called.id, called.calls), (ticket.id, 1));
    let recalled = anna.ok(ticket.id, "recall").await;
    assert_eq!((recalled.status, recalled.calls), (TicketStatus::Called, 2));
    assert_eq!(
        anna.ok(ticket.id, "start").await.status,
        TicketStatus::Serving
    );
    assert_eq!(anna.ok(ticket.id, "done").await.status, TicketStatus::Done);
    for action in ["done", "start", "recall", "no-show", "return"] {
        let (status, body) = anna.act(ticket.id, action).await;
        assert_eq!(status, StatusCode::CONFLICT, "{action}");
        assert_eq!(body["error"], "invalid_transition");
    }
    let (status, _) = anna.act(ticket.id, "fly-away").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_undone_no_show_really_reappears_in_its_old_place() {
    let server = small().await;
    let kiosk = server.kiosk("arby-1").await;
    let first = kiosk.check_in(&checkin_ago("job", "sv", 10)).await;
    let second = kiosk.check_in(&checkin_ago("job", "sv", 5)).await;
    let hodan = server.counsellor("hodan").await;
    assert_eq!(hodan.next().await.unwrap().id, first.id);
    assert_eq!(
        hodan.ok(first.id, "no-show").await.status,
        TicketStatus::NoShow
    );
    let ids = |q: Vec<protocol::Ticket>| q.into_iter().map(|t| t.id).collect::<Vec<_>>();
    assert_eq!(ids(hodan.queue("arby").await), [second.id]);
    let back = hodan.ok(first.id, "undo-no-show").await;
    assert_eq!(
        (back.status, back.number.as_str()),
        (TicketStatus::Waiting, first.number.as_str())
    );
    assert_eq!(ids(hodan.queue("arby").await), [first.id, second.id]);
    assert_eq!(hodan.next().await.unwrap().id, first.id);
    // A no-show from a called state only.
    let (status, _) = hodan.act(second.id, "no-show").await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn back_to_the_queue_keeps_the_visitors_place() {
    let server = small().await;
    let kiosk = server.kiosk("arby-1").await;
    let first = kiosk.check_in(&checkin_ago("job", "sv", 10)).await;
    let second = kiosk.check_in(&checkin_ago("job", "sv", 5)).await;
    let anna = server.counsellor("anna").await;
    anna.next().await.unwrap();
    anna.ok(first.id, "start").await;
    let back = anna.ok(first.id, "return").await;
    assert_eq!(back.status, TicketStatus::Waiting);
    assert!(back.counsellor.is_none());
    let queue = anna.queue("arby").await;
    assert_eq!([queue[0].id, queue[1].id], [first.id, second.id]);
}

#[tokio::test]
async fn a_transfer_keeps_number_and_place() {
    let server = small().await;
    let kiosk = server.kiosk("arby-1").await;
    let visitor = kiosk.check_in(&checkin_ago("job", "fi", 15)).await;
    let waiting_for_benefit = kiosk.check_in(&checkin_ago("benefit", "sv", 5)).await;
    let anna = server.counsellor("anna").await;
    let called = anna.next().await.unwrap();
    anna.ok(visitor.id, "start").await;

    let (status, body) = anna
        .transfer(visitor.id, json!({"errand": "benefit"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let moved: protocol::Ticket = serde_json::from_value(body["ticket"].clone()).unwrap();
    assert_eq!(moved.number, visitor.number);
    assert_eq!(moved.errand, "benefit");
    assert_eq!(moved.status, TicketStatus::Waiting);
    assert_eq!(moved.checked_in_at, called.checked_in_at);
    // Mikael takes economic assistance: the transferred visitor waited longer.
    let mikael = server.counsellor("mikael").await;
    assert_eq!(mikael.next().await.unwrap().id, visitor.id);
    assert_eq!(mikael.next().await.unwrap().id, waiting_for_benefit.id);
}

#[tokio::test]
async fn a_transfer_to_a_named_colleague_goes_to_them_first_and_to_nobody_else() {
    let server = small().await;
    let kiosk = server.kiosk("arby-1").await;
    let older = kiosk.check_in(&checkin_ago("job", "sv", 30)).await;
    let visitor = kiosk.check_in(&checkin_ago("job", "sv", 10)).await;
    let anna = server.counsellor("anna").await;
    let hodan = server.counsellor("hodan").await;
    assert_eq!(anna.next().await.unwrap().id, older.id);
    // Hodan takes the next one and hands them to Anna by name.
    assert_eq!(hodan.next().await.unwrap().id, visitor.id);
    let (status, body) = hodan
        .transfer(visitor.id, json!({"counsellor": "anna"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["ticket"]["transferred_to"], "anna");
    assert_eq!(body["ticket"]["number"], visitor.number.as_str());
    kiosk.check_in(&checkin_ago("job", "sv", 60)).await;
    // Hodan gets the newcomer who waited an hour, never Anna's transfer ...
    let newcomer = hodan.next().await.unwrap();
    assert_ne!(newcomer.id, visitor.id);
    assert!(hodan.next().await.is_none());
    // ... and Anna gets her transfer.
    anna.ok(older.id, "done").await;
    assert_eq!(anna.next().await.unwrap().id, visitor.id);
}

#[tokio::test]
async fn transfers_that_cannot_work_are_refused() {
    let server = small().await;
    let kiosk = server.kiosk("arby-1").await;
    let visitor = kiosk.check_in(&checkin("job", "sv")).await;
    let anna = server.counsellor("anna").await;
    for (body, code) in [
        (json!({"errand": "cooking"}), "unknown_errand"),
        (json!({"counsellor": "elena"}), "unknown_counsellor"),
        (json!({"counsellor": "karin"}), "unknown_counsellor"),
        (
            json!({"errand": "job", "counsellor": "hodan"}),
            "invalid_transfer",
        ),
        (json!({}), "invalid_transfer"),
    ] {
        let (status, answer) = anna.transfer(visitor.id, body.clone()).await;
        assert_eq!(
            (status, answer["error"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(code)),
            "{body}"
        );
    }
}

#[tokio::test]
async fn a_colleague_cannot_act_on_my_visitor_and_another_site_sees_nothing() {
    let server = small().await;
    let visitor = server
        .kiosk("arby-1")
        .await
        .check_in(&checkin("job", "sv"))
        .await;
    let anna = server.counsellor("anna").await;
    anna.next().await.unwrap();
    let hodan = server.counsellor("hodan").await;
    let (status, body) = hodan.act(visitor.id, "done").await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("not_your_ticket"))
    );
    let elena = server.counsellor("elena").await;
    let (status, _) = elena.act(visitor.id, "done").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = anna.act(uuid::Uuid::new_v4(), "done").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
