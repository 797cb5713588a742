//! Footfall statistics over the API, and the purge that must not change them.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::helpers::*;

fn day_offset(days: i64) -> String {
    let stockholm = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .date_naive();
    (stockholm - chrono::Duration::days(days)).to_string()
}

#[tokio::test]
async fn a_generated_month_gives_the_same_figures_before_and_after_the_purge() {
    let server = TestServer::demo().await;
    let now = server::clock::now_ms();
    let made = server::history::generate(server.store.as_ref(), &server.config, 31, now, 7)
        .await
        .unwrap();
    // Two help requests and an alarm on old days: purged with the tickets,
    // their counts kept.
    for (i, (days_ago, kind)) in [(10, "help"), (10, "alarm"), (20, "help")]
        .iter()
        .enumerate()
    {
        let day = day_offset(*days_ago);
        let at = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d")
            .unwrap()
            .and_hms_opt(11, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp_millis();
        server
            .sql(
                "INSERT INTO alerts (id, site, day, kind, created_at, status, acknowledged_at, request)
                 VALUES (?1, 'arby', ?2, ?3, ?4, 'acknowledged', ?5, '')",
                &[
                    &format!("old-{i}"),
                    &day,
                    kind,
                    &at.to_string(),
                    &(at + 90_000).to_string(),
                ],
            )
            .await;
    }
    // Two booked visits on an old day, one of them cancelled: purged too,
    // the one that was not cancelled still counted.
    for (i, status) in ["booked", "cancelled"].iter().enumerate() {
        let day = day_offset(12);
        server
            .sql(
                "INSERT INTO appointments (id, site, day, at, errand, counsellor, code, status, booked_by, created_at)
                 VALUES (?1, 'arby', ?2, 0, 'job', 'anna', ?3, ?4, 'anna', 0)",
                &[&format!("visit-{i}"), &day, &format!("12345{i}"), status],
            )
            .await;
    }
    // And one visitor today, through the kiosk.
    server
        .kiosk("arby-1")
        .await
        .check_in(&checkin("job", "ar"))
        .await;

    let karin = server.counsellor("karin").await;
    let (from, to) = (day_offset(31), day_offset(0));
    let path = format!("/api/v1/stats/footfall?from={from}&to={to}");
    let (status, before) = karin.send(Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::OK, "{before}");
    let days = before["days"].as_array().unwrap();
    assert_eq!(
        days.len(),
        3 * 32,
        "every day at every site, zeros included"
    );
    let visits: u64 = days.iter().map(|d| d["visits"].as_u64().unwrap()).sum();
    assert_eq!(visits, made + 1);
    let hours: u64 = days
        .iter()
        .flat_map(|d| d["by_hour"].as_array().unwrap())
        .map(|h| h.as_u64().unwrap())
        .sum();
    assert_eq!(hours, visits);
    let busiest = days.iter().max_by_key(|d| d["visits"].as_u64()).unwrap();
    assert!(
        busiest["wait_s"]["median"].as_u64().unwrap() > 0
            && busiest["service_s"]["median"].as_u64().unwrap() > 0
    );

    let purged = server
        .store
        .purge(7, server::clock::now_ms())
        .await
        .unwrap();
    println!(
        "generated {made} tickets; purged {} tickets of {} site-days",
        purged.tickets, purged.days
    );
    assert!(purged.tickets > 0 && purged.days > 0);
    let (_, after) = karin.send(Method::GET, &path, None).await;
    assert_eq!(after, before, "the purge changed the figures");
    let helped: u64 = after["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["help_requests"].as_u64().unwrap())
        .sum();
    assert_eq!(helped, 2);
    let alerts_left = server.count("SELECT COUNT(*) FROM alerts", &[]).await;
    assert_eq!(alerts_left, 0, "the old alerts were purged");
    let booked: u64 = after["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["booked_not_arrived"].as_u64().unwrap())
        .sum();
    assert_eq!(booked, 1);
    let visits_left = server.count("SELECT COUNT(*) FROM appointments", &[]).await;
    assert_eq!(visits_left, 0, "the old booked visits were purged");

    // Nothing that identifies a visit survives: the old tickets and their trails are gone.
    let cutoff = day_offset(7);
    let old = server
        .count("SELECT COUNT(*) FROM tickets WHERE day < ?1", &[&cutoff])
        .await;
    let orphans = server
        .count(
            "SELECT COUNT(*) FROM ticket_events WHERE ticket NOT IN (SELECT id FROM tickets)",
            &[],
        )
        .await;
    assert_eq!((old, orphans), (0, 0));
    let kept = server.count("SELECT COUNT(*) FROM tickets", &[]).await;
    assert!(kept > 0, "the last week stays");
}

#[tokio::test]
async fn the_same_figures_come_as_csv_and_only_staff_may_read_them() {
    let server = TestServer::demo().await;
    let now = server::clock::now_ms();
    server::history::generate(server.store.as_ref(), &server.config, 10, now, 3)
        .await
        .unwrap();
    let (from, to) = (day_offset(10), day_offset(1));
    let admin = server.counsellor("admin").await;
    let url = server.url(&format!(
        "/api/v1/stats/footfall?site=arby&from={from}&to={to}&format=csv"
    ));
    let res = admin.http.get(&url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = res.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + 10);
    assert!(
        lines[0].starts_with("site,date,visits,")
            && lines[0].contains("hour_09")
            && lines[0].contains("errand_benefit")
    );
    let (_, json) = admin
        .send(
            Method::GET,
            &format!("/api/v1/stats/footfall?site=arby&from={from}&to={to}"),
            None,
        )
        .await;
    let csv_visits: u64 = lines[1..]
        .iter()
        .map(|l| l.split(',').nth(2).unwrap().parse::<u64>().unwrap())
        .sum();
    let json_visits: u64 = json["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["visits"].as_u64().unwrap())
        .sum();
    assert_eq!(csv_visits, json_visits);

    let anna = server.counsellor("anna").await;
    let (status, _) = anna.send(Method::GET, "/api/v1/stats/footfall", None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        reqwest::get(server.url("/api/v1/stats/footfall"))
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    for bad in [
        "from=yesterday",
        "from=2026-02-30",
        "from=2026-03-02&to=2026-03-01",
        "site=atlantis",
        "format=xml",
        "from=2020-01-01&to=2026-01-01",
    ] {
        let (status, body): (StatusCode, Value) = admin
            .send(Method::GET, &format!("/api/v1/stats/footfall?{bad}"), None)
            .await;
        assert!(status.is_client_error(), "{bad}: {status} {body}");
    }
}

/// A closed day's figures are stored the first time they are read; a late
/// check-in from a kiosk that was offline overnight must still be counted.
#[tokio::test]
async fn a_late_checkin_for_a_stored_day_is_counted() {
    let server = TestServer::demo().await;
    let karin = server.counsellor("karin").await;
    let yesterday = day_offset(1);
    let path = format!("/api/v1/stats/footfall?site=arby&from={yesterday}&to={yesterday}");
    let visits = |body: &Value| body["days"][0]["visits"].as_u64().unwrap();
    let stored = || async {
        server
            .sql(
                "SELECT kept FROM daily_footfall WHERE site = 'arby' AND day = ?1",
                &[&yesterday],
            )
            .await
            .first()
            .map(|r| r[0].as_i64() == Some(1))
    };

    let (status, before) = karin.send(Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::OK, "{before}");
    assert_eq!(visits(&before), 0);
    assert_eq!(stored().await, Some(true), "the closed day was stored");

    // Yesterday at noon, delivered only now.
    let mut late = checkin("job", "ar");
    late.created_at = chrono::NaiveDateTime::parse_from_str(
        &format!("{yesterday} 12:00:00"),
        "%Y-%m-%d %H:%M:%S",
    )
    .unwrap()
    .and_local_timezone(chrono_tz::Europe::Stockholm)
    .unwrap()
    .fixed_offset();
    // Without a number of its own it is refused: only a kiosk that was
    // offline sends an earlier day's check-in, and then it gave a number.
    let kiosk = server.kiosk("arby-1").await;
    let (status, body) = kiosk.post(&late).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("created_at_too_old"))
    );
    assert_eq!(stored().await, Some(true), "nothing was stored");
    late.id = uuid::Uuid::new_v4();
    late.number = Some(protocol::OfflineNumber::Printed("J900".into()));
    kiosk.check_in(&late).await;
    assert_eq!(
        stored().await,
        None,
        "the late ticket discarded the stored copy"
    );

    let (_, after) = karin.send(Method::GET, &path, None).await;
    assert_eq!(visits(&after), 1);
    assert_eq!(stored().await, Some(true));
}

#[tokio::test]
async fn the_dashboard_and_the_api_read_a_period_alike_and_the_page_says_what_is_wrong() {
    let server = TestServer::demo().await;
    let karin = server.counsellor("karin").await;
    let to = chrono::NaiveDate::parse_from_str(&day_offset(0), "%Y-%m-%d").unwrap();
    for (days, fine) in [(1098, true), (1099, false)] {
        let from = to - chrono::Duration::days(days - 1);
        let api = format!("/api/v1/stats/footfall?site=arby&from={from}&to={to}");
        let (status, body) = karin.send(Method::GET, &api, None).await;
        let page = karin
            .page(&format!("/dashboard?site=arby&lang=sv&from={from}&to={to}"))
            .await;
        if fine {
            assert_eq!(status, StatusCode::OK, "{days} days: {body}");
            assert!(!page.contains(r#"class="error""#), "{days} days");
            assert!(page.contains(&format!("{from} – {to}")));
        } else {
            assert_eq!(body["error"], "period_too_long", "{days} days");
            assert!(page.contains("Välj en kortare period, högst tre år."));
        }
    }
    // Backwards, in English: a sentence, not a code.
    let page = karin
        .page(&format!("/dashboard?lang=en&from={to}&to=2020-01-01"))
        .await;
    assert!(
        page.contains("The From date must not be later than the To date."),
        "{page}"
    );
}
