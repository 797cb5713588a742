//! The pages' HTTP side: security headers, spoken calls, the chime.

use reqwest::StatusCode;

use crate::helpers::*;

#[tokio::test]
async fn every_page_carries_the_security_headers_and_no_inline_script() {
    let server = TestServer::demo().await;
    let (number, status_url) = {
        let kiosk = server.kiosk("arby-1").await;
        let answer = kiosk.check_in(&checkin("job", "ar")).await;
        (answer.number, answer.status_url)
    };
    for url in [
        server.url("/"),
        server.url("/display/arby"),
        status_url.clone(),
        server.url("/api/v1/sites/arby/queue"),
    ] {
        let res = reqwest::get(&url).await.unwrap();
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{url}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{url}: {csp}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{url}");
        let body = res.text().await.unwrap();
        assert!(!body.contains("<script>"), "{url} has an inline script");
    }
    let res = reqwest::get(&status_url).await.unwrap();
    assert_eq!(res.headers()["referrer-policy"], "no-referrer");
    assert!(
        res.headers().get("set-cookie").is_none(),
        "the status page sets no cookie"
    );
    let page = res.text().await.unwrap();
    assert!(page.contains(&number) && page.contains("dir=\"rtl\"") && page.contains("lang=\"ar\""));
    let res = reqwest::get(server.url("/t/not-a-token")).await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        reqwest::get(server.url("/display/atlantis"))
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
}

/// A RIFF/WAVE file's duration in seconds, from its header.
fn wav_seconds(wav: &[u8]) -> f64 {
    assert_eq!(&wav[0..4], b"RIFF");
    assert_eq!(&wav[8..12], b"WAVE");
    let byte_rate = u32::from_le_bytes(wav[28..32].try_into().unwrap());
    (wav.len() - 44) as f64 / f64::from(byte_rate)
}

#[tokio::test]
async fn calls_are_spoken_as_real_audio_in_swedish_and_the_visitors_language() {
    let server = TestServer::demo().await;
    let res = reqwest::get(server.url("/api/v1/sites/arby/events"))
        .await
        .unwrap();
    let mut stream = res.bytes_stream();
    let mut buffer = String::new();
    let kiosk = server.kiosk("arby-1").await;
    let mut clips = Vec::new();
    for language in ["sv", "ar"] {
        kiosk.check_in(&checkin("job", language)).await;
        server.counsellor("anna").await.next().await.unwrap();
        let call = crate::events::wait_for(&mut stream, &mut buffer, "call").await;
        let speech = call["speech"].as_str().unwrap().to_string();
        let res = reqwest::get(server.url(&speech)).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{language}");
        assert_eq!(res.headers()["content-type"], "audio/wav");
        let seconds = wav_seconds(&res.bytes().await.unwrap());
        println!("{language}: {seconds:.1} s of speech");
        clips.push(seconds);
        assert!((1.0..30.0).contains(&seconds), "{language}: {seconds} s");
    }
    // The Arabic-speaking visitor's call is Swedish and then Arabic.
    assert!(clips[1] > clips[0] * 1.5, "{clips:?}");
    // Only calls made can be spoken: no free text, no made-up reference.
    for path in [
        "/api/v1/speech/not-a-call-made-today",
        "/api/v1/speech?language=sv&number=J12&desk=Rum%203",
    ] {
        let res = reqwest::get(server.url(path)).await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let chime = reqwest::get(server.url("/static/chime.wav"))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!((0.5..2.0).contains(&wav_seconds(&chime)));
}

#[tokio::test]
async fn refusals_are_error_json_with_allow_on_405_and_nothing_private_is_cached() {
    let server = TestServer::demo().await;
    let client = reqwest::Client::new();
    // 405 names what is allowed (RFC 9110), as the error JSON.
    for (method, path, allow) in [
        (reqwest::Method::DELETE, "/api/v1/checkins", "POST"),
        (reqwest::Method::PUT, "/healthz", "GET,HEAD"),
        (
            reqwest::Method::POST,
            "/api/v1/sites/arby/queue",
            "GET,HEAD",
        ),
    ] {
        let res = client
            .request(method.clone(), server.url(path))
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        assert_eq!(res.headers()["allow"], allow, "{method} {path}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["error"], "method_not_allowed");
    }
    // A bad query or path parameter is the error JSON too, never text/plain.
    let anna = server.counsellor("anna").await;
    for res in [
        client
            .get(server.url("/?lang=en&lang=sv"))
            .send()
            .await
            .unwrap(),
        anna.http
            .get(server.url("/api/v1/stats/footfall?site=arby&from=yesterday"))
            .send()
            .await
            .unwrap(),
    ] {
        let url = res.url().to_string();
        assert!(res.status().is_client_error(), "{url}");
        assert_eq!(res.headers()["content-type"], "application/json", "{url}");
    }
    // Whatever is behind a login is never stored by a browser or proxy.
    let res = anna
        .http
        .get(server.url("/api/v1/sites/arby/queue"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "no-store");
    // Over plain http there is no HSTS (there is under https: see access.rs).
    assert!(res.headers().get("strict-transport-security").is_none());
}

#[tokio::test]
async fn the_login_form_is_refused_without_this_sites_origin() {
    let server = TestServer::demo().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let form = [("username", "anna"), ("password", crate::helpers::PASSWORD)];
    let origin = format!("http://{}", server.addr);
    for (sent, expected) in [
        (None, StatusCode::FORBIDDEN),
        (Some("https://evil.example"), StatusCode::FORBIDDEN),
        (Some(origin.as_str()), StatusCode::SEE_OTHER),
    ] {
        let mut request = client.post(server.url("/")).form(&form);
        if let Some(o) = sent {
            request = request.header("origin", o);
        }
        let res = request.send().await.unwrap();
        assert_eq!(res.status(), expected, "origin {sent:?}");
    }
}

/// A long queue: the workstation's table stops after a hundred rows and says
/// how many more wait, while the counts above it still cover everyone.
#[tokio::test]
async fn the_workstation_shows_a_long_queue_in_part() {
    let server = TestServer::demo().await;
    let kiosk = server.kiosk("arby-1").await;
    for _ in 0..130 {
        kiosk.check_in(&checkin("job", "sv")).await;
    }
    let anna = server.counsellor("anna").await;
    let panel = anna.page("/workstation/panel?lang=en").await;
    assert_eq!(
        panel.matches("<td class=\"number\">").count(),
        100,
        "{panel}"
    );
    assert!(panel.contains("130 visitors are waiting."), "{panel}");
    assert!(
        panel.contains("and 30 more visitors, in the same order."),
        "{panel}"
    );
}
