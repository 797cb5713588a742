//! The stylesheet, the page scripts and the chime, embedded in the
//! binary: there is no front-end build step and nothing to deploy beside it.

use crate::http::extract::PathParam;
use axum::{
    http::header,
    response::{IntoResponse, Response},
};

use crate::error::AppError;

const FILES: &[(&str, &str, &str)] = &[
    (
        "style.css",
        "text/css; charset=utf-8",
        include_str!("../../assets/style.css"),
    ),
    (
        "workstation.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/workstation.js"),
    ),
    (
        "display.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/display.js"),
    ),
    (
        "live.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/live.js"),
    ),
    (
        "account.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/account.js"),
    ),
    (
        "status.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/status.js"),
    ),
    (
        "overview.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/overview.js"),
    ),
    (
        "slip.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/slip.js"),
    ),
];

pub async fn file(PathParam(name): PathParam<String>) -> Result<Response, AppError> {
    let sound = match name.as_str() {
        "chime.wav" => Some(chime()),
        "alert.wav" => Some(alert()),
        _ => None,
    };
    if let Some(wav) = sound {
        return Ok((
            [
                (header::CONTENT_TYPE, "audio/wav"),
                (header::CACHE_CONTROL, "max-age=3600"),
            ],
            wav,
        )
            .into_response());
    }
    let (_, content_type, body) = FILES
        .iter()
        .find(|(n, _, _)| *n == name)
        .ok_or_else(|| AppError::not_found("file"))?;
    Ok((
        [
            (header::CONTENT_TYPE, *content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        *body,
    )
        .into_response())
}

/// The workstation's alert: three short, bright beeps (A5), unlike the
/// waiting room's chime, so nobody mistakes one for the other.
fn alert() -> Vec<u8> {
    const RATE: u32 = 22_050;
    let mut samples = Vec::new();
    for _ in 0..3 {
        let n = (RATE as f32 * 0.15) as usize;
        for i in 0..n {
            let t = i as f32 / RATE as f32;
            let envelope = (t * 200.0).min(1.0) * (1.0 - t / 0.15).max(0.0);
            let v = (2.0 * std::f32::consts::PI * 880.0 * t).sin() * envelope * 0.6;
            samples.push((v * i16::MAX as f32) as i16);
        }
        samples.extend(std::iter::repeat_n(0, (RATE as f32 * 0.1) as usize));
    }
    speech::wav(RATE, &samples)
}

/// A soft two-note chime (E5 then C5), made here rather than shipped as a file.
fn chime() -> Vec<u8> {
    const RATE: u32 = 22_050;
    let mut samples = Vec::new();
    for (freq, seconds) in [(659.25f32, 0.35f32), (523.25, 0.6)] {
        let n = (RATE as f32 * seconds) as usize;
        for i in 0..n {
            let t = i as f32 / RATE as f32;
            // A quick attack and an exponential fade keep it gentle.
            let envelope = (t * 60.0).min(1.0) * (-3.5 * t / seconds).exp();
            let v = (2.0 * std::f32::consts::PI * freq * t).sin() * envelope * 0.5;
            samples.push((v * i16::MAX as f32) as i16);
        }
    }
    speech::wav(RATE, &samples)
}
