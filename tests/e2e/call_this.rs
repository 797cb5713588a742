//! "Call this visitor": a counsellor calls a particular waiting visitor,
//! with a reason; out of turn, the reason is counted on the dashboard and
//! kept in the trail, and "Call next" keeps its fair order for the rest.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;

async fn call(who: &CounsellorClient, id: uuid::Uuid, reason: &str) -> (StatusCode, Value) {
    who.send(
        Method::POST,
        &format!("/api/v1/tickets/{id}/call"),
        Some(json!({ "reason": reason })),
    )
    .await
}

#[tokio::test]
async fn a_chosen_visitor_is_called_with_a_reason_that_is_counted_when_out_of_turn() {
    let server = TestServer::daytime().await;
    let kiosk = server.kiosk("arby-1").await;
    let anna = server.counsellor("anna").await; // job, study, digital, other
    let hodan = server.counsellor("hodan").await; // job, af, digital, other
    let first = kiosk.check_in(&checkin_ago("job", "sv", 30)).await;
    let second = kiosk.check_in(&checkin_ago("job", "sv", 20)).await;
    let third = kiosk.check_in(&checkin_ago("job", "ar", 10)).await;
    let study = kiosk.check_in(&checkin_ago("study", "so", 5)).await;

    // The interpreter for the third visitor is on the phone now.
    let (status, body) = call(&anna, third.id, "interpreter").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["ticket"]["number"], third.number.as_str());
    assert_eq!(body["ticket"]["status"], "called");
    assert_eq!(body["ticket"]["desk"], "Rum 3");
    // "Call next" keeps its order for everyone else.
    assert_eq!(hodan.next().await.unwrap().number, first.number);
    // Calling the one who is next anyway is not out of turn.
    let (status, _) = call(&anna, second.id, "booked").await;
    assert_eq!(status, StatusCode::OK);

    // Refusals: a visitor already called, one whose errand is not Hodan's,
    // one of another site, a reason not on the list.
    assert_eq!(call(&anna, third.id, "other").await.0, StatusCode::CONFLICT);
    let (status, body) = call(&hodan, study.id, "other").await;
    assert_eq!(
        (status, body["error"].clone()),
        (StatusCode::FORBIDDEN, json!("not_for_you"))
    );
    let elsewhere = server
        .kiosk("froslunda-1")
        .await
        .check_in(&checkin("job", "sv"))
        .await;
    assert_eq!(
        call(&anna, elsewhere.id, "other").await.0,
        StatusCode::NOT_FOUND
    );
    assert!(call(&anna, study.id, "because").await.0.is_client_error());
    // A visitor sent to a colleague by name is that colleague's to call.
    let (_, body) = call(&anna, study.id, "returning").await;
    let study_id = study.id;
    assert_eq!(body["ticket"]["number"], study.number.as_str());
    let (status, _) = anna
        .transfer(study_id, json!({"counsellor": "mikael"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        call(&anna, study_id, "other").await.0,
        StatusCode::FORBIDDEN
    );

    // The trail keeps every reason; the figures count the calls out of turn.
    let reasons: Vec<String> = server
        .sql(
            "SELECT detail FROM ticket_events WHERE action = 'call' AND detail IS NOT NULL ORDER BY seq",
            &[],
        )
        .await
        .into_iter()
        .map(|r| r[0].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        reasons,
        ["reason:interpreter", "reason:booked", "reason:returning"]
    );
    let karin = server.counsellor("karin").await;
    let day = chrono::Utc::now()
        .with_timezone(&server.config.sites[0].timezone)
        .format("%Y-%m-%d")
        .to_string();
    let (_, stats) = karin
        .send(
            Method::GET,
            &format!("/api/v1/stats/footfall?site=arby&from={day}&to={day}"),
            None,
        )
        .await;
    let figures = &stats["days"][0];
    // Only the first was out of turn: the others were next for Anna anyway.
    assert_eq!(figures["called_out_of_turn"], 1, "{figures}");
    assert_eq!(figures["out_of_turn_by_reason"], json!({"interpreter": 1}));
    let page = karin.page("/dashboard?site=arby&lang=sv").await;
    assert!(page.contains("Inkallade före sin tur") && page.contains("Tolken är redo: 1"));
}
