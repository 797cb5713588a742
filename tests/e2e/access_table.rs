//! Every route against every kind of caller: nothing is allowed that should
//! not be, and each refusal has the right status.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Caller {
    Nobody,
    Kiosk,
    OtherSiteKiosk,
    RevokedKiosk,
    Counsellor,
    Staff,
    Admin,
    NoCsrf,
}

const CALLERS: [Caller; 8] = [
    Caller::Nobody,
    Caller::Kiosk,
    Caller::OtherSiteKiosk,
    Caller::RevokedKiosk,
    Caller::Counsellor,
    Caller::Staff,
    Caller::Admin,
    Caller::NoCsrf,
];

#[tokio::test]
async fn every_route_answers_every_caller_as_it_should() {
    let server = TestServer::demo().await;
    let revoked = server.kiosk_token("arby-1");
    let kiosk = server.kiosk("arby-1").await; // revokes `revoked`
    let other = server.kiosk("froslunda-1").await;
    let anna = server.counsellor("anna").await; // counsellor at Årby
    let karin = server.counsellor("karin").await; // staff
    let admin = server.counsellor("admin").await; // admin at Kungsgatan
    let plain = reqwest::Client::new();
    let waiting = kiosk.check_in(&checkin("job", "sv")).await;
    let to_call = kiosk.check_in(&checkin("job", "sv")).await;
    let token = waiting.status_url.rsplit('/').next().unwrap().to_string();

    let send = |caller: Caller, method: Method, path: &str, body: Option<serde_json::Value>| {
        let url = server.url(path);
        let builder = match caller {
            Caller::Nobody => plain.request(method, url),
            Caller::Kiosk => plain.request(method, url).bearer_auth(&kiosk.token),
            Caller::OtherSiteKiosk => plain.request(method, url).bearer_auth(&other.token),
            Caller::RevokedKiosk => plain.request(method, url).bearer_auth(&revoked),
            Caller::Counsellor => anna
                .http
                .request(method, url)
                .header("X-CSRF-Token", &anna.csrf),
            Caller::Staff => karin
                .http
                .request(method, url)
                .header("X-CSRF-Token", &karin.csrf),
            Caller::Admin => admin
                .http
                .request(method, url)
                .header("X-CSRF-Token", &admin.csrf),
            Caller::NoCsrf => anna.http.request(method, url),
        };
        let builder = match body {
            Some(b) => builder.json(&b),
            None => builder,
        };
        async move { builder.send().await.unwrap().status() }
    };

    let ok = StatusCode::OK;
    let (unauthorized, forbidden) = (StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN);
    // (method, path, body, expected status for each caller in CALLERS order)
    let checkin_body = || serde_json::to_value(checkin("job", "sv")).unwrap();
    let table: Vec<(Method, String, Option<serde_json::Value>, [StatusCode; 8])> = vec![
        (Method::GET, "/healthz".into(), None, [ok; 8]),
        // Every caller here is on loopback, where /metrics needs no token;
        // server/tests/metrics.rs asks from outside too.
        (Method::GET, "/metrics".into(), None, [ok; 8]),
        (
            Method::GET,
            "/api/v1/kiosk/config".into(),
            None,
            [
                unauthorized,
                ok,
                ok,
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
            ],
        ),
        (
            Method::POST,
            "/api/v1/checkins".into(),
            Some(json!(null)),
            [
                unauthorized,
                StatusCode::CREATED,
                StatusCode::CREATED,
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
            ],
        ),
        (
            Method::POST,
            "/api/v1/kiosk/health".into(),
            Some(json!({"outbox": 0, "printer": "none"})),
            [
                unauthorized,
                StatusCode::NO_CONTENT,
                StatusCode::NO_CONTENT,
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
            ],
        ),
        (
            Method::GET,
            "/api/v1/session".into(),
            None,
            [
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                ok,
                ok,
                ok,
                ok,
            ],
        ),
        (
            Method::PUT,
            "/api/v1/counsellor/status".into(),
            Some(json!({"status": "available"})),
            [
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                ok,
                forbidden,
                ok,
                forbidden,
            ],
        ),
        (
            Method::GET,
            "/api/v1/counsellor/status".into(),
            None,
            [
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                ok,
                forbidden,
                ok,
                ok,
            ],
        ),
        (
            Method::GET,
            "/api/v1/sites/arby/queue".into(),
            None,
            [
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                ok,
                ok,
                ok,
                ok,
            ],
        ),
        (
            Method::GET,
            "/api/v1/stats/footfall".into(),
            None,
            [
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                forbidden,
                ok,
                ok,
                forbidden,
            ],
        ),
        (
            Method::GET,
            "/workstation/panel".into(),
            None,
            [
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                ok,
                forbidden,
                ok,
                ok,
            ],
        ),
        (
            Method::GET,
            format!("/api/v1/status/{token}"),
            None,
            [ok; 8],
        ),
        (Method::GET, "/display/arby".into(), None, [ok; 8]),
        // Calling a chosen visitor: a counsellor of the visitor's site.
        (
            Method::POST,
            format!("/api/v1/tickets/{}/call", to_call.id),
            Some(json!({"reason": "other"})),
            [
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                ok,
                forbidden,
                StatusCode::NOT_FOUND, // an admin of Kungsgatan: not Årby's visitor
                forbidden,
            ],
        ),
        // The live overview: a counsellor's own site; staff and admins any.
        (
            Method::GET,
            "/overview/panel?site=arby".into(),
            None,
            [
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                ok,
                ok,
                ok,
                ok,
            ],
        ),
        (
            Method::GET,
            "/overview/panel?site=froslunda".into(),
            None,
            [
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                forbidden,
                ok,
                ok,
                forbidden,
            ],
        ),
        // Booked visits: never for a kiosk, and another site's only for
        // staff who oversee every site. Staff, who take no visitors, book
        // for a counsellor they name (here: nobody, so 422).
        (
            Method::GET,
            "/api/v1/appointments?site=arby".into(),
            None,
            [
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                ok,
                ok,
                forbidden, // an admin of Kungsgatan: not Årby's codes
                ok,
            ],
        ),
        (
            Method::POST,
            "/api/v1/appointments".into(),
            Some(json!({
                "at": (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339(),
                "errand": "job",
            })),
            [
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                StatusCode::CREATED,
                StatusCode::UNPROCESSABLE_ENTITY,
                StatusCode::CREATED,
                forbidden,
            ],
        ),
        (
            Method::DELETE,
            "/api/v1/appointments/no-such-visit".into(),
            None,
            [
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                StatusCode::NOT_FOUND,
                StatusCode::NOT_FOUND,
                StatusCode::NOT_FOUND,
                forbidden,
            ],
        ),
        (
            Method::GET,
            "/workstation/appointments".into(),
            None,
            [
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                ok,
                forbidden,
                ok,
                ok,
            ],
        ),
        (
            Method::GET,
            "/appointments/no-such-visit/slip".into(),
            None,
            [
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                StatusCode::NOT_FOUND,
                forbidden,
                StatusCode::NOT_FOUND,
                StatusCode::NOT_FOUND,
            ],
        ),
        // Counsellors read only their own site's queue; staff and admins any.
        (
            Method::GET,
            "/api/v1/sites/froslunda/queue".into(),
            None,
            [
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                forbidden,
                ok,
                ok,
                forbidden,
            ],
        ),
        // The staff stream: a counsellor's own site; staff, who have none,
        // must name one.
        (
            Method::GET,
            "/api/v1/staff/events".into(),
            None,
            [
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                ok,
                StatusCode::BAD_REQUEST,
                ok,
                ok,
            ],
        ),
        (
            Method::GET,
            "/api/v1/staff/events?site=arby".into(),
            None,
            [
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                ok,
                ok,
                ok,
                ok,
            ],
        ),
        (
            Method::GET,
            "/api/v1/sites/arby/events".into(),
            None,
            [ok; 8],
        ),
        // Passwords: one's own (the current one is checked, so a wrong one
        // is 403 for everyone logged in); set-up links are for admins.
        (
            Method::PUT,
            "/api/v1/account/password".into(),
            Some(json!({"current": "not the password", "new": "a long new passphrase"})),
            [
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                forbidden,
                forbidden,
                forbidden,
                forbidden,
            ],
        ),
        (
            Method::POST,
            "/api/v1/accounts/no-such-person/setup-link".into(),
            None,
            [
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                forbidden,
                forbidden,
                StatusCode::NOT_FOUND,
                forbidden,
            ],
        ),
        (
            Method::GET,
            "/setup/no-such-link".into(),
            None,
            [StatusCode::NOT_FOUND; 8],
        ),
        (
            Method::GET,
            "/workstation/alerts".into(),
            None,
            [
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                ok,
                forbidden,
                ok,
                ok,
            ],
        ),
        // Alerts: help from kiosks only, alarms from those who take visitors,
        // the list for anyone logged in at the site (staff name one).
        (
            Method::POST,
            "/api/v1/kiosk/help".into(),
            Some(json!("help")),
            [
                unauthorized,
                StatusCode::CREATED,
                StatusCode::CREATED,
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
            ],
        ),
        (
            Method::POST,
            "/api/v1/alarm".into(),
            Some(json!("alarm")),
            [
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                StatusCode::CREATED,
                forbidden,
                StatusCode::CREATED,
                forbidden,
            ],
        ),
        (
            Method::GET,
            "/api/v1/alerts".into(),
            None,
            [
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                ok,
                StatusCode::BAD_REQUEST,
                ok,
                ok,
            ],
        ),
        (
            Method::GET,
            "/api/v1/alerts?site=froslunda".into(),
            None,
            [
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                forbidden,
                ok,
                ok,
                forbidden,
            ],
        ),
        (
            Method::POST,
            format!("/api/v1/alerts/{}/ack", uuid::Uuid::new_v4()),
            None,
            [
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                StatusCode::NOT_FOUND,
                StatusCode::NOT_FOUND,
                StatusCode::NOT_FOUND,
                forbidden,
            ],
        ),
        (
            Method::GET,
            format!("/api/v1/status/{token}/events"),
            None,
            [ok; 8],
        ),
        (
            Method::GET,
            "/api/v1/speech/no-such-call".into(),
            None,
            [StatusCode::NOT_FOUND; 8],
        ),
        (
            Method::POST,
            format!("/api/v1/tickets/{}/start", uuid::Uuid::new_v4()),
            None,
            [
                unauthorized,
                unauthorized,
                unauthorized,
                unauthorized,
                StatusCode::NOT_FOUND,
                forbidden,
                StatusCode::NOT_FOUND,
                forbidden,
            ],
        ),
    ];
    let mut wrong = Vec::new();
    for (method, path, body, expected) in &table {
        for (caller, want) in CALLERS.iter().zip(expected) {
            // Bodies that must be new for each caller: a fresh id each time.
            let body = match body {
                Some(serde_json::Value::Null) => Some(checkin_body()),
                Some(serde_json::Value::String(s)) if s == "help" => Some(json!({
                    "id": uuid::Uuid::new_v4(),
                    "language": "sv",
                    "created_at": chrono::Utc::now().to_rfc3339(),
                })),
                Some(serde_json::Value::String(s)) if s == "alarm" => {
                    Some(json!({"id": uuid::Uuid::new_v4()}))
                }
                other => other.clone(),
            };
            let got = send(*caller, method.clone(), path, body).await;
            if got != *want {
                wrong.push(format!(
                    "{method} {path} as {caller:?}: {got}, expected {want}"
                ));
            }
        }
    }
    println!("{} routes × {} callers checked", table.len(), CALLERS.len());
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    // Staff reading statistics without a CSRF header is fine: it is a GET.
    let res = karin
        .http
        .get(server.url("/api/v1/stats/footfall"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), ok);
    // A counsellor cannot act on another site's ticket, nor a colleague's.
    let elena = server.counsellor("elena").await;
    anna.next().await.unwrap();
    assert_eq!(elena.act(waiting.id, "done").await.0, StatusCode::NOT_FOUND);
    let hodan = server.counsellor("hodan").await;
    assert_eq!(hodan.act(waiting.id, "done").await.0, forbidden);
    assert_eq!(anna.act(waiting.id, "done").await.0, ok);
    // Logging out needs the CSRF header too.
    let res = anna
        .http
        .delete(server.url("/api/v1/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), forbidden);
}
