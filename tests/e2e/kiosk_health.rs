//! A kiosk's health report: staff at its site see a printer that cannot
//! print, hear of it on their stream only when it changes, and /metrics
//! carries each kiosk's last word. Nothing of it reaches the public.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{events::wait_for, helpers::*};

async fn report(server: &TestServer, kiosk: &KioskClient, body: Value) -> StatusCode {
    kiosk
        .http
        .post(server.url("/api/v1/kiosk/health"))
        .bearer_auth(&kiosk.token)
        .json(&body)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn a_printer_out_of_paper_reaches_the_sites_staff_and_the_metrics() {
    let server = TestServer::demo().await;
    let kiosk = server.kiosk("arby-1").await;
    let anna = server.counsellor("anna").await; // Årby
    let elena = server.counsellor("elena").await; // Fröslunda
    let mut stream = anna.staff_events().await;
    let mut buffer = String::new();

    // Refusals: no token, a made-up printer state, a stray field.
    let nobody = reqwest::Client::new()
        .post(server.url("/api/v1/kiosk/health"))
        .json(&json!({"outbox": 0, "printer": "ready"}))
        .send()
        .await
        .unwrap();
    assert_eq!(nobody.status(), StatusCode::UNAUTHORIZED);
    let odd = report(&server, &kiosk, json!({"outbox": 0, "printer": "on fire"})).await;
    assert!(odd.is_client_error(), "{odd}");
    let stray = report(
        &server,
        &kiosk,
        json!({"outbox": 0, "printer": "ready", "name": "x"}),
    )
    .await;
    assert!(stray.is_client_error(), "{stray}");

    assert_eq!(
        report(&server, &kiosk, json!({"outbox": 2, "printer": "ready"})).await,
        StatusCode::NO_CONTENT
    );
    assert!(!anna
        .page("/workstation/alerts?lang=sv")
        .await
        .contains("arby-1"));
    assert_eq!(
        report(
            &server,
            &kiosk,
            json!({"outbox": 2, "printer": "paper_out"})
        )
        .await,
        StatusCode::NO_CONTENT
    );
    wait_for(&mut stream, &mut buffer, "kiosk").await;
    let seen = anna.page("/workstation/alerts?lang=sv").await;
    assert!(
        seen.contains("Kiosk arby-1: skrivaren har slut på papper."),
        "{seen}"
    );
    assert!(
        !elena
            .page("/workstation/alerts?lang=sv")
            .await
            .contains("arby-1"),
        "another site's kiosk"
    );

    let metrics = reqwest::get(server.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(r#"vagvisare_kiosk_printer_ready{kiosk="arby-1"} 0"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"vagvisare_kiosk_outbox{kiosk="arby-1"} 2"#),
        "{metrics}"
    );

    // Paper in again: the notice goes.
    report(&server, &kiosk, json!({"outbox": 0, "printer": "ready"})).await;
    wait_for(&mut stream, &mut buffer, "kiosk").await;
    assert!(!anna
        .page("/workstation/alerts?lang=sv")
        .await
        .contains("arby-1"));
    let (status, _) = anna.send(Method::GET, "/api/v1/alerts", None).await;
    assert_eq!(status, StatusCode::OK);
}
