//! Calls spoken on the server with espeak-ng, so a display board needs no
//! voices of its own (Chromium on Linux often has none) and no online service.
//! The number is spoken as a letter and a number ("J 12", not "J one two").
//!
//! Only calls can be spoken: a configured desk, a ticket number, a language
//! with a voice. The endpoint is public, so it must not read out any text.

use std::{
    collections::{HashMap, HashSet},
    sync::{Mutex, OnceLock},
    time::Duration,
};

use axum::{
    extract::{Query, State},
    http::header,
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::{Arg, Texts};
use crate::{error::AppError, http::AppState, numbering};

/// espeak-ng's voice for each language tag, where it has one.
fn espeak_voice(tag: &str) -> Option<&'static str> {
    Some(match tag {
        "sv" => "sv",
        "en" => "en",
        "ar" => "ar",
        "fi" => "fi",
        // Dari is spoken with the Persian voice: close enough to be understood.
        "fa" | "fa-AF" => "fa",
        "uk" => "uk",
        "am" => "am",
        "tr" => "tr",
        "bs" => "bs",
        "kmr" => "ku",
        "so" => "so",
        "ti" => "ti",
        "ps" => "ps",
        "ckb" => "ckb",
        _ => return None,
    })
}

/// The voices the installed espeak-ng has, asked once.
fn installed_voices() -> &'static HashSet<String> {
    static VOICES: OnceLock<HashSet<String>> = OnceLock::new();
    VOICES.get_or_init(|| {
        let output = std::process::Command::new("espeak-ng")
            .arg("--voices")
            .output();
        match output {
            Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout)
                .lines()
                .skip(1)
                .filter_map(|l| l.split_whitespace().nth(1).map(str::to_string))
                .collect(),
            _ => {
                tracing::warn!(
                    "espeak-ng is not installed: the display board will chime without speech"
                );
                HashSet::new()
            }
        }
    })
}

/// The voice for a language, if espeak-ng has one installed ("en" is
/// installed as "en-gb", "en-us", …).
pub fn voice(tag: &str) -> Option<&'static str> {
    espeak_voice(tag).filter(|v| {
        installed_voices()
            .iter()
            .any(|installed| installed == v || installed.starts_with(&format!("{v}-")))
    })
}

#[derive(Deserialize)]
pub struct CallToSpeak {
    language: String,
    number: String,
    desk: String,
}

const CACHE_LIMIT: usize = 512;

/// Spoken calls already made: (language, number, desk) to WAV.
type SpeechCache = Mutex<HashMap<(String, String, String), Vec<u8>>>;

pub async fn speak(
    State(state): State<AppState>,
    Query(call): Query<CallToSpeak>,
) -> Result<Response, AppError> {
    let (prefix, counter) = numbering::parse(&call.number)
        .ok_or_else(|| AppError::Unprocessable("invalid_number", "not a ticket number".into()))?;
    if !state.config.counsellors.iter().any(|c| c.desk == call.desk) {
        return Err(AppError::Unprocessable(
            "unknown_desk",
            "no such desk".into(),
        ));
    }
    let voice = voice(&call.language).ok_or_else(|| {
        AppError::NotFound("no_voice", format!("no voice for {:?}", call.language))
    })?;
    let key = (
        call.language.clone(),
        call.number.clone(),
        call.desk.clone(),
    );
    static CACHE: OnceLock<SpeechCache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(wav) = cache.lock().expect("speech cache").get(&key) {
        return Ok(audio(wav.clone()));
    }
    let texts = Texts {
        catalog: &state.catalog,
        tag: &call.language,
    };
    let sentence = texts.with(
        "call-announcement",
        &[
            ("number", Arg::Str(format!("{prefix} {counter}"))),
            ("desk", Arg::Str(call.desk.clone())),
        ],
    );
    // Fluent's direction marks mean nothing to a speech engine.
    let sentence: String = sentence
        .chars()
        .filter(|c| !('\u{2066}'..='\u{2069}').contains(c))
        .collect();
    let run = tokio::process::Command::new("espeak-ng")
        .args(["-v", voice, "-s", "150", "--stdout", &sentence])
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(Duration::from_secs(10), run)
        .await
        .map_err(|_| AppError::Internal(anyhow::anyhow!("espeak-ng took too long")))?
        .map_err(|e| AppError::Internal(e.into()))?;
    if !output.status.success() || output.stdout.len() < 44 {
        return Err(AppError::Internal(anyhow::anyhow!(
            "espeak-ng failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    let mut cache = cache.lock().expect("speech cache");
    if cache.len() >= CACHE_LIMIT {
        cache.clear();
    }
    cache.insert(key, output.stdout.clone());
    Ok(audio(output.stdout))
}

fn audio(wav: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "audio/wav"),
            (header::CACHE_CONTROL, "max-age=600"),
        ],
        wav,
    )
        .into_response()
}

/// 16-bit mono PCM in a WAV container.
pub fn wav(rate: u32, samples: &[i16]) -> Vec<u8> {
    let data_len = (samples.len() * 2) as u32;
    let mut out = Vec::with_capacity(44 + data_len as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&(rate * 2).to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for s in samples {
        out.extend_from_slice(&s.to_le_bytes());
    }
    out
}
