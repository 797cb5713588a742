//! "Call next" as DESIGN.md defines it: skills, language and appointment
//! bonuses, fairness, and the queue staff see.

use protocol::TicketStatus;
use server::config::Config;

use crate::helpers::*;

/// One site with two errands and three counsellors who differ in what they
/// handle and speak.
pub const SMALL: &str = r#"
[[sites]]
id = "arby"
name = "Mötesplats Årby"

[[sites]]
id = "froslunda"
name = "Mötesplats Fröslunda"

[[errands]]
id = "job"
prefix = "J"

[[errands]]
id = "benefit"
prefix = "B"

[[counsellors]]
username = "anna"
name = "Anna"
site = "arby"
desk = "Rum 3"
errands = ["job"]
languages = ["sv", "ar"]

[[counsellors]]
username = "hodan"
name = "Hodan"
site = "arby"
desk = "Rum 4"
errands = ["job"]
languages = ["sv", "so"]

[[counsellors]]
username = "mikael"
name = "Mikael"
site = "arby"
desk = "Rum 5"
errands = ["benefit"]
languages = ["sv", "fi"]

[[counsellors]]
username = "elena"
name = "Elena"
site = "froslunda"
desk = "Rum 1"
errands = ["job", "benefit"]
languages = ["sv", "uk"]

[[counsellors]]
username = "karin"
name = "Karin"
role = "staff"

[[kiosks]]
id = "arby-1"
site = "arby"

[[kiosks]]
id = "froslunda-1"
site = "froslunda"
"#;

pub async fn small() -> TestServer {
    TestServer::with_config(tests::near_noon(
        Config::parse("small.toml", SMALL).unwrap(),
    ))
    .await
}

#[tokio::test]
async fn each_counsellor_is_given_the_visitor_routing_prefers_for_them() {
    let server = small().await;
    let kiosk = server.kiosk("arby-1").await;
    let finnish = kiosk.check_in(&checkin_ago("job", "fi", 5)).await;
    let arabic = kiosk.check_in(&checkin_ago("job", "ar", 2)).await;
    let benefit = kiosk.check_in(&checkin_ago("benefit", "fi", 1)).await;

    // Anna speaks Arabic, not Finnish: 2 minutes waited + 10 bonus beats 5 minutes.
    let anna = server.counsellor("anna").await;
    assert_eq!(anna.next().await.unwrap().id, arabic.id);
    // Hodan speaks neither: she gets the one who waited longest for a job errand.
    let hodan = server.counsellor("hodan").await;
    let called = hodan.next().await.unwrap();
    assert_eq!(called.id, finnish.id);
    assert_eq!(called.status, TicketStatus::Called);
    assert_eq!(called.counsellor.as_deref(), Some("hodan"));
    assert_eq!(called.desk.as_deref(), Some("Rum 4"));
    assert!(called.waited_s >= 299, "{}", called.waited_s);
    // Nobody else waits for a job errand.
    assert!(hodan.next().await.is_none());
    // Mikael handles economic assistance.
    assert_eq!(
        server.counsellor("mikael").await.next().await.unwrap().id,
        benefit.id
    );
}

#[tokio::test]
async fn a_booked_time_comes_forward_by_the_appointment_bonus_and_no_further() {
    let server = small().await;
    let kiosk = server.kiosk("arby-1").await;
    let walk_in_long_ago = kiosk.check_in(&checkin_ago("benefit", "sv", 45)).await;
    let walk_in = kiosk.check_in(&checkin_ago("benefit", "sv", 20)).await;
    let mut booked = checkin_ago("benefit", "sv", 1);
    booked.appointment = true;
    let booked = kiosk.check_in(&booked).await;

    let mikael = server.counsellor("mikael").await;
    // 45 minutes waited beats 1 + 30; the booked visitor beats 20 minutes.
    assert_eq!(mikael.next().await.unwrap().id, walk_in_long_ago.id);
    assert_eq!(mikael.next().await.unwrap().id, booked.id);
    assert_eq!(mikael.next().await.unwrap().id, walk_in.id);
}

#[tokio::test]
async fn the_staff_queue_is_in_call_order_for_someone_with_every_errand_and_no_language() {
    let server = small().await;
    let kiosk = server.kiosk("arby-1").await;
    let a = kiosk.check_in(&checkin_ago("job", "ar", 30)).await;
    let mut b = checkin_ago("benefit", "sv", 10);
    b.appointment = true;
    let b = kiosk.check_in(&b).await;
    let c = kiosk.check_in(&checkin_ago("job", "so", 25)).await;
    let d = kiosk.check_in(&checkin_ago("job", "sv", 0)).await;
    // Scores: a 30, b 10 + 30 = 40, c 25, d 0. Languages count for nobody.
    let karin = server.counsellor("karin").await;
    let queue = karin.queue("arby").await;
    let ids: Vec<_> = queue.iter().map(|t| t.id).collect();
    assert_eq!(ids, [b.id, a.id, c.id, d.id]);
    assert!(queue
        .iter()
        .all(|t| t.counsellor.is_none() && t.desk.is_none()));
}

#[tokio::test]
async fn nobody_is_passed_over_by_someone_who_came_more_than_forty_minutes_later() {
    let server = small().await;
    let kiosk = server.kiosk("arby-1").await;
    // The first visitor has no bonus with Anna; the second has both.
    let first = kiosk.check_in(&checkin_ago("job", "so", 41)).await;
    let mut late = checkin_ago("job", "ar", 0);
    late.appointment = true;
    let late = kiosk.check_in(&late).await;
    let anna = server.counsellor("anna").await;
    assert_eq!(anna.next().await.unwrap().id, first.id);
    assert_eq!(anna.next().await.unwrap().id, late.id);
}

#[tokio::test]
async fn a_staff_member_cannot_call_visitors() {
    let server = small().await;
    server
        .kiosk("arby-1")
        .await
        .check_in(&checkin("job", "sv"))
        .await;
    let karin = server.counsellor("karin").await;
    let (status, body) = karin
        .send(reqwest::Method::POST, "/api/v1/counsellor/next", None)
        .await;
    assert_eq!(status, reqwest::StatusCode::FORBIDDEN);
    assert_eq!(body["error"], "forbidden");
}

#[tokio::test]
async fn availability_is_kept_and_shown() {
    let server = small().await;
    let anna = server.counsellor("anna").await;
    let (_, me) = anna
        .send(reqwest::Method::GET, "/api/v1/counsellor/status", None)
        .await;
    assert_eq!(me["status"], "paused");
    assert_eq!(anna.set_status("available").await, reqwest::StatusCode::OK);
    let (_, me) = anna
        .send(reqwest::Method::GET, "/api/v1/counsellor/status", None)
        .await;
    assert_eq!(me["status"], "available");
    assert_eq!(me["desk"], "Rum 3");
    assert_eq!(
        anna.set_status("asleep").await,
        reqwest::StatusCode::UNPROCESSABLE_ENTITY
    );
}
