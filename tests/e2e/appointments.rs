//! Booked visits through the contract: a counsellor books a time and gets a
//! code, the resident types it at the kiosk, the ticket goes to that
//! counsellor first; every wrong code is refused with nothing stored, a
//! kiosk that guesses is braked, and the figures count booked visits.

use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{events::wait_for, helpers::*};

/// Books a visit `minutes` from now and returns the answer.
async fn book(
    who: &CounsellorClient,
    errand: &str,
    minutes: i64,
    extra: Value,
) -> (StatusCode, Value) {
    let mut body = json!({
        "at": (Utc::now() + Duration::minutes(minutes)).to_rfc3339(),
        "errand": errand,
    });
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    who.send(Method::POST, "/api/v1/appointments", Some(body))
        .await
}

async fn booked_code(who: &CounsellorClient, errand: &str, minutes: i64) -> (String, String) {
    let (status, body) = book(who, errand, minutes, json!({})).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    (
        body["id"].as_str().unwrap().to_string(),
        body["code"].as_str().unwrap().to_string(),
    )
}

fn with_code(errand: &str, code: &str) -> protocol::CheckinRequest {
    let mut c = checkin(errand, "ar");
    c.appointment = true;
    c.appointment_code = Some(code.to_string());
    c
}

async fn cancel(who: &CounsellorClient, id: &str) -> (StatusCode, Value) {
    who.send(Method::DELETE, &format!("/api/v1/appointments/{id}"), None)
        .await
}

async fn list(who: &CounsellorClient, query: &str) -> Vec<Value> {
    let (status, body) = who
        .send(Method::GET, &format!("/api/v1/appointments{query}"), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["appointments"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_booked_visitor_checks_in_with_the_code_and_is_called_by_that_counsellor_first() {
    let server = TestServer::daytime().await;
    let kiosk = server.kiosk("arby-1").await;
    let anna = server.counsellor("anna").await;
    let hodan = server.counsellor("hodan").await;

    let (status, booked) = book(&anna, "job", 10, json!({})).await;
    assert_eq!(status, StatusCode::CREATED, "{booked}");
    let code = booked["code"].as_str().unwrap().to_string();
    assert!(
        code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()),
        "{code}"
    );
    assert_eq!(booked["status"], "booked");
    assert_eq!(booked["counsellor"], "anna");
    assert_eq!(booked["site"], "arby");
    assert_eq!(booked["errand"], "job");
    // A counsellor books only for themselves.
    let (status, body) = book(&hodan, "job", 10, json!({"counsellor": "anna"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");

    // Two walk-ins have waited longer than the booked visitor will.
    let first = kiosk.check_in(&checkin_ago("job", "sv", 20)).await;
    let second = kiosk.check_in(&checkin_ago("job", "sv", 15)).await;

    let mut stream = anna.staff_events().await;
    let mut buffer = String::new();
    let request = with_code("job", &code);
    let (status, answer) = kiosk.post(&request).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    assert_eq!(answer["appointment"]["counsellor"], "anna");
    assert_eq!(answer["appointment"]["desk"], "Rum 3");
    assert_eq!(
        chrono::DateTime::parse_from_rfc3339(answer["appointment"]["at"].as_str().unwrap())
            .unwrap(),
        chrono::DateTime::parse_from_rfc3339(booked["at"].as_str().unwrap()).unwrap()
    );
    let number = answer["number"].as_str().unwrap().to_string();
    // Anna's workstation hears that her visitor has come.
    let event = wait_for(&mut stream, &mut buffer, "appointment").await;
    assert_eq!(event, json!({"counsellor": "anna", "number": number}));

    // The same check-in again (the kiosk's retry) gets the same answer.
    let (status, again) = kiosk.post(&request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again, answer);
    // The code is used: another check-in with it is refused.
    let (status, body) = kiosk.post(&with_code("job", &code)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"], "unknown_appointment_code");

    let today = list(&anna, "").await;
    assert_eq!(today.len(), 1);
    assert_eq!(today[0]["status"], "arrived");
    assert_eq!(today[0]["ticket"], number.as_str());
    assert!(anna
        .page("/workstation/appointments?lang=sv")
        .await
        .contains(&format!("Har kommit: {number}")));

    // The booked visitor waits for Anna alone: Hodan gets the walk-ins, and
    // Anna gets her visitor before anyone who came earlier.
    let queue = anna.queue("arby").await;
    let mine = queue.iter().find(|t| t.number == number).unwrap();
    assert!(mine.appointment);
    assert_eq!(mine.transferred_to.as_deref(), Some("anna"));
    assert_eq!(anna.set_status("available").await, StatusCode::OK);
    assert_eq!(hodan.set_status("available").await, StatusCode::OK);
    assert_eq!(hodan.next().await.unwrap().number, first.number);
    assert_eq!(anna.next().await.unwrap().number, number);
    assert_eq!(hodan.next().await.unwrap().number, second.number);
}

#[tokio::test]
async fn every_other_code_is_refused_and_nothing_is_stored() {
    let server = TestServer::daytime().await;
    let kiosk = server.kiosk("arby-1").await;
    let anna = server.counsellor("anna").await;
    let hodan = server.counsellor("hodan").await;
    let elena = server.counsellor("elena").await; // Fröslunda

    let (cancelled_id, cancelled) = booked_code(&anna, "job", 30).await;
    let (tomorrow_id, tomorrow) = booked_code(&anna, "job", 24 * 60).await;
    let (_, elsewhere) = booked_code(&elena, "job", 30).await;
    let (good_id, good) = booked_code(&anna, "study", 45).await;

    // Cancelling: not another counsellor's, not another site's; twice is once.
    assert_eq!(cancel(&hodan, &cancelled_id).await.0, StatusCode::FORBIDDEN);
    assert_eq!(cancel(&elena, &cancelled_id).await.0, StatusCode::NOT_FOUND);
    let (status, body) = cancel(&anna, &cancelled_id).await;
    assert_eq!(
        (status, body["status"].clone()),
        (StatusCode::OK, json!("cancelled"))
    );
    assert_eq!(cancel(&anna, &cancelled_id).await, (status, body));

    // An arrived visit cannot be cancelled.
    kiosk.check_in(&with_code("study", &good)).await;
    assert_eq!(cancel(&anna, &good_id).await.0, StatusCode::CONFLICT);

    let before = kiosk.check_in(&checkin("job", "sv")).await;
    // Five wrong codes: the brake's free guesses, each refused alike.
    for code in [
        cancelled.as_str(),
        tomorrow.as_str(),
        elsewhere.as_str(),
        "12a456",
        "1234567",
    ] {
        let (status, body) = kiosk.post(&with_code("job", code)).await;
        assert_eq!(
            (status, body["error"].clone()),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                json!("unknown_appointment_code")
            ),
            "{code}"
        );
    }
    // Nothing was stored: the queue and the day's numbering are as before.
    assert_eq!(anna.queue("arby").await.len(), 2);
    let after = kiosk.check_in(&checkin("job", "sv")).await;
    let counter = |n: &str| n[1..].parse::<u32>().unwrap();
    assert_eq!(counter(&after.number), counter(&before.number) + 1);
    let tomorrow_date = (Utc::now() + Duration::days(1))
        .with_timezone(&server.config.sites[0].timezone)
        .format("%Y-%m-%d")
        .to_string();
    let later = list(&anna, &format!("?date={tomorrow_date}")).await;
    assert!(later
        .iter()
        .any(|a| a["id"] == tomorrow_id.as_str() && a["status"] == "booked"));

    // Booking: not in the past, not an unknown errand or counsellor, and a
    // kiosk can neither list nor book.
    assert_eq!(
        book(&anna, "job", -2 * 24 * 60, json!({})).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        book(&anna, "nothing", 10, json!({})).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let karin = server.counsellor("karin").await; // staff
    assert_eq!(
        book(&karin, "job", 10, json!({"counsellor": "nobody"}))
            .await
            .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let (status, by_staff) = book(&karin, "job", 10, json!({"counsellor": "hodan"})).await;
    assert_eq!(
        (status, by_staff["counsellor"].clone()),
        (StatusCode::CREATED, json!("hodan"))
    );
    let (status, _) = anna
        .send(Method::GET, "/api/v1/appointments?date=26-11-2026", None)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for method in [Method::GET, Method::POST] {
        let res = kiosk
            .http
            .request(method, server.url("/api/v1/appointments"))
            .bearer_auth(&kiosk.token)
            .json(&json!({"at": Utc::now().to_rfc3339(), "errand": "job"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn a_kiosk_that_guesses_codes_is_braked_and_others_are_not() {
    let server = TestServer::daytime().await;
    let arby = server.kiosk("arby-1").await;
    let froslunda = server.kiosk("froslunda-1").await;
    let anna = server.counsellor("anna").await;
    let elena = server.counsellor("elena").await;
    let (_, code) = booked_code(&anna, "job", 10).await;
    let (_, theirs) = booked_code(&elena, "job", 10).await;
    let (_, earlier) = booked_code(&anna, "job", 20).await;
    // A visitor checked in with a code before the guessing began.
    let first = with_code("job", &earlier);
    let (status, first_answer) = arby.post(&first).await;
    assert_eq!(status, StatusCode::CREATED);

    // Guessing in parallel, as an attacker at the kiosk's network would.
    let guesses: Vec<_> = (100_000..)
        .map(|n: u32| n.to_string())
        .filter(|guess| ![&code, &theirs, &earlier].contains(&guess))
        .take(20)
        .map(|guess| {
            let request = with_code("job", &guess);
            let kiosk = &arby;
            async move { kiosk.post(&request).await.0 }
        })
        .collect();
    let answers = futures_util::future::join_all(guesses).await;
    let refused = answers
        .iter()
        .filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY)
        .count();
    let braked = answers
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    println!("20 parallel guesses from one kiosk: {refused} checked and refused, {braked} braked");
    assert_eq!((refused, braked), (5, 15));

    // Now even the right code waits (the kiosk keeps the check-in and sends
    // it again later), with a Retry-After; nothing was stored.
    let res = arby
        .http
        .post(server.url("/api/v1/checkins"))
        .bearer_auth(&arby.token)
        .json(&with_code("job", &code))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert!(list(&anna, "")
        .await
        .iter()
        .any(|a| a["code"] == code.as_str() && a["status"] == "booked"));
    // The kiosk's retry of a check-in the server already has is answered
    // as before, brake or not.
    assert_eq!(arby.post(&first).await, (StatusCode::OK, first_answer));
    // A check-in without a code is not braked, and another kiosk neither.
    arby.check_in(&checkin("job", "sv")).await;
    froslunda.check_in(&with_code("job", &theirs)).await;
}

#[tokio::test]
async fn where_codes_are_required_a_plain_yes_gets_no_head_start() {
    let mut config = tests::near_noon(server::config::Config::load(None).unwrap());
    config.sites[0].appointment_codes_required = true; // Årby
    let server = TestServer::with_config(config).await;
    let kiosk = server.kiosk("arby-1").await;
    let (_, body) = kiosk.config().await;
    assert_eq!(body["appointment_codes"], "required");
    let anna = server.counsellor("anna").await;
    let (_, code) = booked_code(&anna, "job", 10).await;

    let mut trust = checkin("job", "sv");
    trust.appointment = true;
    let plain = kiosk.check_in(&trust).await;
    let coded = kiosk.check_in(&with_code("job", &code)).await;
    let queue = anna.queue("arby").await;
    let flag = |n: &str| queue.iter().find(|t| t.number == n).unwrap().appointment;
    assert!(!flag(&plain.number), "a yes without a code");
    assert!(flag(&coded.number), "the code");

    // Elsewhere a plain yes keeps its meaning.
    let froslunda = server.kiosk("froslunda-1").await;
    let elena = server.counsellor("elena").await;
    let mut yes = checkin("job", "sv");
    yes.appointment = true;
    let theirs = froslunda.check_in(&yes).await;
    let queue = elena.queue("froslunda").await;
    assert!(
        queue
            .iter()
            .find(|t| t.number == theirs.number)
            .unwrap()
            .appointment
    );
}

#[tokio::test]
async fn booked_visits_are_counted_in_the_figures_and_the_slip_names_nobody() {
    let server = TestServer::daytime().await;
    let kiosk = server.kiosk("arby-1").await;
    let anna = server.counsellor("anna").await;
    let (came_id, came) = booked_code(&anna, "job", -5).await;
    booked_code(&anna, "job", 60).await; // not come (yet)
    let (gone_id, _) = booked_code(&anna, "job", 90).await;
    cancel(&anna, &gone_id).await;
    kiosk.check_in(&with_code("job", &came)).await;
    assert_eq!(anna.set_status("available").await, StatusCode::OK);
    anna.next().await.unwrap();

    let karin = server.counsellor("karin").await;
    let day = Utc::now()
        .with_timezone(&server.config.sites[0].timezone)
        .format("%Y-%m-%d")
        .to_string();
    let (status, body) = karin
        .send(
            Method::GET,
            &format!("/api/v1/stats/footfall?site=arby&from={day}&to={day}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let figures = &body["days"][0];
    assert_eq!(
        (
            &figures["booked"],
            &figures["booked_arrived"],
            &figures["booked_not_arrived"]
        ),
        (&json!(2), &json!(1), &json!(1))
    );
    // Called about five minutes after the booked time.
    let wait = figures["booked_wait_s"]["median"].as_u64().unwrap();
    assert!((240..=420).contains(&wait), "{wait}");
    let csv = karin
        .page(&format!(
            "/api/v1/stats/footfall?site=arby&from={day}&to={day}&format=csv"
        ))
        .await;
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(
        (
            column("booked"),
            column("booked_arrived"),
            column("booked_not_arrived")
        ),
        ("2", "1", "1")
    );
    assert!(karin
        .page("/dashboard?site=arby&lang=sv")
        .await
        .contains("Bokade besök med kod"));

    // The slip, in Arabic: right to left, the code and the time; no name.
    let slip = anna
        .page(&format!("/appointments/{came_id}/slip?resident=ar&lang=sv"))
        .await;
    assert!(slip.contains(r#"lang="ar" dir="rtl""#), "{slip}");
    assert!(slip.contains(&came));
    assert!(!slip.contains("Anna") && !slip.contains("Lindqvist"));
    assert!(slip.contains("Årby centrum, Eskilstuna"));
    // The slip, the day's list and the overview are never kept by a browser.
    for path in [
        format!("/appointments/{came_id}/slip?resident=ar"),
        "/workstation/appointments".to_string(),
        "/overview/panel".to_string(),
    ] {
        let res = anna.http.get(server.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(res.headers()["cache-control"], "no-store", "{path}");
    }
}
