//! Calls spoken on the server with espeak-ng, so a display board needs no
//! voices of its own (Chromium on Linux often has none) and no online service.
//! The number is spoken as a letter and a number ("J 12", not "J one two").
//!
//! The endpoint is public, so it speaks only calls really made: the board
//! names a call by the opaque reference its `call` event carried, valid for
//! the day of the call, and the server looks up number, desk and language
//! itself. A clip holds the call in Swedish and then, where a voice exists,
//! in the visitor's language. At most [`SPEAKERS`] espeak-ng processes run at
//! once, and the cache of clips is bounded.

use std::{
    collections::HashMap,
    sync::{Mutex, OnceLock},
    time::Duration,
};

use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};
use tokio::sync::Semaphore;

use super::{Arg, Texts};
use crate::{
    error::{AppError, AppResult},
    http::{extract::PathParam, AppState},
    store::tickets,
};

/// espeak-ng processes at once: each takes a core for a moment, and the
/// board can wait a second for its clip.
const SPEAKERS: usize = 2;
/// How long a request waits for a free speaker before it is refused.
const SPEAKER_WAIT: Duration = Duration::from_secs(5);
/// Clips kept; a day's calls at a large site fit.
const CACHE_LIMIT: usize = 256;

/// Spoken calls already made: (language, number, desk) to WAV.
type SpeechCache = Mutex<HashMap<(String, String, String), Vec<u8>>>;

pub async fn speak(
    State(state): State<AppState>,
    PathParam(call_ref): PathParam<String>,
) -> AppResult<Response> {
    let call = state
        .store
        .spoken_call(call_ref, crate::clock::now_ms())
        .await?
        .ok_or_else(|| AppError::not_found("call"))?;
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

    static SPEAKING: Semaphore = Semaphore::const_new(SPEAKERS);
    let _speaker = tokio::time::timeout(SPEAKER_WAIT, SPEAKING.acquire())
        .await
        .map_err(|_| AppError::Unavailable("busy", "too many calls to speak; try again".into()))?
        .expect("the semaphore is never closed");
    // Another board may have made this clip while we waited.
    if let Some(wav) = cache.lock().expect("speech cache").get(&key) {
        return Ok(audio(wav.clone()));
    }
    let mut languages = vec![translations::SOURCE];
    if call.language != translations::SOURCE {
        languages.push(&call.language);
    }
    let (mut rate, mut samples) = (0, Vec::new());
    for tag in languages {
        let Some(voice) = speech::voice(tag) else {
            continue;
        };
        let (r, spoken) = speak_once(&state, tag, voice, &call).await?;
        if !samples.is_empty() {
            // A short pause between the two languages.
            samples.extend(std::iter::repeat_n(0, r as usize * 2 / 5));
        }
        rate = r;
        samples.extend(spoken);
    }
    if samples.is_empty() {
        return Err(AppError::NotFound(
            "no_voice",
            "no voice for this call".into(),
        ));
    }
    let wav = speech::wav(rate, &samples);
    let mut cache = cache.lock().expect("speech cache");
    if cache.len() >= CACHE_LIMIT {
        cache.clear();
    }
    cache.insert(key, wav.clone());
    Ok(audio(wav))
}

/// One language's sentence, spoken: the sample rate and the samples.
async fn speak_once(
    state: &AppState,
    tag: &str,
    voice: &str,
    call: &tickets::SpokenCall,
) -> AppResult<(u32, Vec<i16>)> {
    let texts = Texts {
        catalog: &state.catalog,
        tag,
    };
    let number = speech::spoken_number(&call.number);
    let sentence = texts.with(
        "call-announcement",
        &[
            ("number", Arg::Str(number)),
            ("desk", Arg::Str(call.desk.clone())),
        ],
    );
    let sentence = speech::speakable(&sentence);
    let run = tokio::process::Command::new("espeak-ng")
        .args(speech::espeak_args(voice, &sentence))
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(Duration::from_secs(10), run)
        .await
        .map_err(|_| AppError::Internal(anyhow::anyhow!("espeak-ng took too long")))?
        .map_err(|e| AppError::Internal(e.into()))?;
    match speech::pcm(&output.stdout) {
        Some(pcm) if output.status.success() => Ok((pcm.rate, pcm.samples)),
        _ => Err(AppError::Internal(anyhow::anyhow!(
            "espeak-ng failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ))),
    }
}

fn audio(wav: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "audio/wav"),
            (header::CACHE_CONTROL, "private, max-age=600"),
        ],
        wav,
    )
        .into_response()
}
