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
async fn calls_are_spoken_as_real_audio_in_swedish_and_arabic() {
    let server = TestServer::demo().await;
    for language in ["sv", "ar"] {
        let url = server.url(&format!(
            "/api/v1/speech?language={language}&number=J12&desk=Rum%203"
        ));
        let res = reqwest::get(&url).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{language}");
        assert_eq!(res.headers()["content-type"], "audio/wav");
        let wav = res.bytes().await.unwrap();
        let seconds = wav_seconds(&wav);
        println!("{language}: {seconds:.1} s of speech");
        assert!((1.0..15.0).contains(&seconds), "{language}: {seconds} s");
    }
    // Only calls can be spoken: no free text, no unknown desk or language.
    for query in [
        "language=sv&number=hello&desk=Rum%203",
        "language=sv&number=J12&desk=Anywhere",
        "language=xx&number=J12&desk=Rum%203",
    ] {
        let res = reqwest::get(server.url(&format!("/api/v1/speech?{query}")))
            .await
            .unwrap();
        assert!(res.status().is_client_error(), "{query}: {}", res.status());
    }
    let chime = reqwest::get(server.url("/static/chime.wav"))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!((0.5..2.0).contains(&wav_seconds(&chime)));
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
    let panel = anna
        .http
        .get(server.url("/workstation/panel?lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        // Fluent wraps numbers in bidi isolation marks.
        .replace(['\u{2068}', '\u{2069}'], "");
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
