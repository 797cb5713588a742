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
    collections::{HashMap, HashSet},
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
    numbering,
    store::{self, tickets},
};

/// espeak-ng processes at once: each takes a core for a moment, and the
/// board can wait a second for its clip.
const SPEAKERS: usize = 2;
/// How long a request waits for a free speaker before it is refused.
const SPEAKER_WAIT: Duration = Duration::from_secs(5);
/// Clips kept; a day's calls at a large site fit.
const CACHE_LIMIT: usize = 256;

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

/// Spoken calls already made: (language, number, desk) to WAV.
type SpeechCache = Mutex<HashMap<(String, String, String), Vec<u8>>>;

pub async fn speak(
    State(state): State<AppState>,
    PathParam(call_ref): PathParam<String>,
) -> AppResult<Response> {
    let config = state.config.clone();
    let call = state
        .db
        .interact(move |conn| tickets::spoken_call(conn, &config, &call_ref, store::now_ms()))
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
        let Some(voice) = voice(tag) else { continue };
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
    let wav = wav(rate, &samples);
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
    // The letter and the counter apart, so the number is read as a number.
    let number = match numbering::parse(&call.number) {
        Some((prefix, counter)) => format!("{prefix} {counter}"),
        None => call.number.clone(),
    };
    let sentence = texts.with(
        "call-announcement",
        &[
            ("number", Arg::Str(number)),
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
    match pcm(&output.stdout) {
        Some(pcm) if output.status.success() => Ok(pcm),
        _ => Err(AppError::Internal(anyhow::anyhow!(
            "espeak-ng failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ))),
    }
}

/// The sample rate and 16-bit samples of a mono PCM WAV such as espeak-ng
/// writes (whose data length may be left open when it writes to a pipe).
fn pcm(wav: &[u8]) -> Option<(u32, Vec<i16>)> {
    if wav.len() < 44 || &wav[..4] != b"RIFF" || &wav[8..12] != b"WAVE" {
        return None;
    }
    let rate = u32::from_le_bytes(wav[24..28].try_into().ok()?);
    let mut at = 12;
    while at + 8 <= wav.len() {
        let id = &wav[at..at + 4];
        let len = u32::from_le_bytes(wav[at + 4..at + 8].try_into().ok()?) as usize;
        if id == b"data" {
            let data = &wav[at + 8..];
            let data = &data[..len.min(data.len())];
            let samples = data
                .chunks_exact(2)
                .map(|b| i16::from_le_bytes([b[0], b[1]]))
                .collect();
            return Some((rate, samples));
        }
        at += 8 + len;
    }
    None
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wav_written_by_us_reads_back() {
        let samples = [0i16, 1000, -1000, 32767];
        assert_eq!(pcm(&wav(22050, &samples)), Some((22050, samples.to_vec())));
        assert_eq!(pcm(b"not a wav file at all, not at all, no no no"), None);
    }
}
