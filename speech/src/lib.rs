//! What each language sounds like, shared by the display board's calls (on
//! the server) and the kiosk's read-aloud: espeak-ng's voice for a language
//! tag, the voices actually installed, and 16-bit mono PCM in and out of
//! WAV. espeak-ng is run as a program, so neither binary links a synthesizer.

use std::{
    collections::HashSet,
    process::{Command, Stdio},
    sync::OnceLock,
};

/// Words per minute: a little slower than espeak-ng's 175, for listeners
/// who are learning the language or hear it over a waiting room.
pub const WORDS_PER_MINUTE: &str = "150";

/// espeak-ng's voice for each language tag, where it has one. Somali,
/// Tigrinya, Sorani and Pashto have none yet: they are listed so that a
/// newer espeak-ng that adds them is used without a code change.
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

/// The voices the installed espeak-ng has, asked once. Empty without it.
fn installed_voices() -> &'static HashSet<String> {
    static VOICES: OnceLock<HashSet<String>> = OnceLock::new();
    VOICES.get_or_init(|| {
        let output = Command::new("espeak-ng")
            .arg("--voices")
            .stderr(Stdio::null())
            .output();
        match output {
            Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout)
                .lines()
                .skip(1)
                .filter_map(|l| l.split_whitespace().nth(1).map(str::to_string))
                .collect(),
            _ => HashSet::new(),
        }
    })
}

/// Is espeak-ng installed at all?
pub fn synthesizer_installed() -> bool {
    !installed_voices().is_empty()
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

/// A text as a speech engine should get it: Fluent's direction marks
/// (which keep numbers in place in right-to-left text) mean nothing to it.
pub fn speakable(text: &str) -> String {
    text.chars()
        .filter(|c| !('\u{2066}'..='\u{2069}').contains(c))
        .collect()
}

/// A ticket number as it should be spoken: the letter and the counter
/// apart, so "J12" is read "J twelve" and not "J one two".
pub fn spoken_number(number: &str) -> String {
    match number.find(|c: char| c.is_ascii_digit()) {
        Some(at) if at > 0 => format!("{} {}", &number[..at], &number[at..]),
        _ => number.to_string(),
    }
}

/// The arguments for espeak-ng to speak `text` in `voice` as WAV on stdout.
pub fn espeak_args<'a>(voice: &'a str, text: &'a str) -> [&'a str; 6] {
    ["-v", voice, "-s", WORDS_PER_MINUTE, "--stdout", text]
}

/// Could `header` (the first bytes of a clip) be played: a 16-bit PCM WAV,
/// or Ogg Vorbis? Checked before a clip is offered, so a recording in a
/// format the kiosk cannot play falls back to the voice instead of leaving
/// a line unsaid.
pub fn playable_clip(header: &[u8]) -> bool {
    if header.starts_with(b"OggS") {
        // The first page carries the codec's identification header.
        return header.windows(7).any(|w| w == b"\x01vorbis");
    }
    if header.len() < 36 || &header[..4] != b"RIFF" || &header[8..12] != b"WAVE" {
        return false;
    }
    let mut at = 12;
    while at + 8 <= header.len() {
        let len = u32::from_le_bytes([
            header[at + 4],
            header[at + 5],
            header[at + 6],
            header[at + 7],
        ]) as usize;
        if &header[at..at + 4] == b"fmt " {
            let body = &header[at + 8..];
            if len < 16 || body.len() < 16 {
                return false;
            }
            let kind = u16::from_le_bytes([body[0], body[1]]);
            let bits = u16::from_le_bytes([body[14], body[15]]);
            return (kind == 1 || kind == 0xFFFE) && bits == 16;
        }
        at = match (at + 8).checked_add(len + (len & 1)) {
            Some(next) => next,
            None => return false,
        };
    }
    false
}

/// Speaks `text` in `voice` with espeak-ng into a WAV file and reads it
/// back, giving up (and killing espeak-ng) when `cancelled` says so or after
/// ten seconds: a hung synthesizer must not silence a kiosk for the day.
pub fn synthesize_cancellable(
    voice: &str,
    text: &str,
    cancelled: &dyn Fn() -> bool,
) -> Result<Pcm, String> {
    static SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let file = std::env::temp_dir().join(format!(
        "vagvisare-speech-{}-{}.wav",
        std::process::id(),
        SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let mut child = Command::new("espeak-ng")
        .args(["-v", voice, "-s", WORDS_PER_MINUTE, "-w"])
        .arg(&file)
        .arg(speakable(text))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run espeak-ng: {e}"))?;
    let started = std::time::Instant::now();
    let outcome = loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => break Ok(()),
            Ok(Some(status)) => break Err(format!("espeak-ng failed: {status}")),
            Ok(None) if cancelled() => break Err("cancelled".to_string()),
            Ok(None) if started.elapsed() > std::time::Duration::from_secs(10) => {
                break Err("espeak-ng took more than 10 s".to_string())
            }
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(5)),
            Err(e) => break Err(format!("espeak-ng: {e}")),
        }
    };
    if outcome.is_err() {
        let _ = child.kill();
        let _ = child.wait();
    }
    let read = std::fs::read(&file);
    let _ = std::fs::remove_file(&file);
    outcome?;
    let bytes = read.map_err(|e| format!("espeak-ng wrote nothing: {e}"))?;
    pcm(&bytes).ok_or_else(|| "espeak-ng wrote no 16-bit PCM".to_string())
}

/// Mono 16-bit audio: the sample rate and the samples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pcm {
    pub rate: u32,
    pub samples: Vec<i16>,
}

/// The audio of a 16-bit PCM WAV, mixed down to mono. Tolerates the open
/// data length espeak-ng writes to a pipe. `None` for anything else
/// (8-bit, float, compressed, not a WAV).
pub fn pcm(wav: &[u8]) -> Option<Pcm> {
    if wav.len() < 12 || &wav[..4] != b"RIFF" || &wav[8..12] != b"WAVE" {
        return None;
    }
    let u16_at = |at: usize| Some(u16::from_le_bytes(wav.get(at..at + 2)?.try_into().ok()?));
    let u32_at = |at: usize| Some(u32::from_le_bytes(wav.get(at..at + 4)?.try_into().ok()?));
    let mut format = None;
    let mut at = 12;
    while at + 8 <= wav.len() {
        let id = &wav[at..at + 4];
        let len = u32_at(at + 4)? as usize;
        let body = at + 8;
        if id == b"fmt " {
            if len < 16 {
                return None;
            }
            let (kind, channels) = (u16_at(body)?, u16_at(body + 2)?);
            let (rate, bits) = (u32_at(body + 4)?, u16_at(body + 14)?);
            // 1 is PCM; 0xFFFE (extensible) holds PCM in our recorders' files.
            if !(kind == 1 || kind == 0xFFFE) || bits != 16 || channels == 0 || rate == 0 {
                return None;
            }
            format = Some((channels as usize, rate));
        } else if id == b"data" {
            let (channels, rate) = format?;
            let data = &wav[body..];
            let data = &data[..len.min(data.len())];
            let samples = data
                .chunks_exact(2 * channels)
                .map(|frame| {
                    let sum: i32 = frame
                        .chunks_exact(2)
                        .map(|b| i32::from(i16::from_le_bytes([b[0], b[1]])))
                        .sum();
                    (sum / channels as i32) as i16
                })
                .collect();
            return Some(Pcm { rate, samples });
        }
        // Chunks are padded to an even length. A length that runs past the
        // end (or overflows) ends the search.
        at = body.checked_add(len)?.checked_add(len & 1)?;
    }
    None
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

/// `pcm` at another sample rate, by linear interpolation: enough for
/// speech, and it lets clips recorded at any rate play in one stream.
pub fn resample(pcm: &Pcm, rate: u32) -> Vec<i16> {
    if pcm.rate == rate || pcm.samples.is_empty() {
        return pcm.samples.clone();
    }
    let out_len = (pcm.samples.len() as u64 * u64::from(rate) / u64::from(pcm.rate)) as usize;
    let step = f64::from(pcm.rate) / f64::from(rate);
    let last = pcm.samples.len() - 1;
    (0..out_len)
        .map(|i| {
            let at = i as f64 * step;
            let left = (at.floor() as usize).min(last);
            let right = (left + 1).min(last);
            let t = at - left as f64;
            (f64::from(pcm.samples[left]) * (1.0 - t) + f64::from(pcm.samples[right]) * t) as i16
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wav_written_by_us_reads_back() {
        let samples = vec![0i16, 1000, -1000, 32767];
        assert_eq!(
            pcm(&wav(22050, &samples)),
            Some(Pcm {
                rate: 22050,
                samples
            })
        );
        assert_eq!(pcm(b"not a wav file at all, not at all, no no no"), None);
    }

    #[test]
    fn stereo_is_mixed_down_and_rates_converted() {
        let mut stereo = wav(44100, &[100, 300, -100, -300]);
        // Rewrite the header as two channels of one frame each.
        stereo[22..24].copy_from_slice(&2u16.to_le_bytes());
        let mixed = pcm(&stereo).unwrap();
        assert_eq!(mixed.samples, vec![200, -200]);
        let doubled = resample(
            &Pcm {
                rate: 11025,
                samples: vec![0, 100],
            },
            22050,
        );
        assert_eq!(doubled, vec![0, 50, 100, 100]);
    }

    #[test]
    fn only_16_bit_wav_and_ogg_vorbis_clips_are_offered() {
        assert!(playable_clip(&wav(22050, &[0; 8])));
        let mut float = wav(22050, &[0; 8]);
        float[34..36].copy_from_slice(&32u16.to_le_bytes());
        assert!(!playable_clip(&float));
        assert!(playable_clip(
            b"OggS\0\x02........................\x01vorbis\0\0"
        ));
        assert!(!playable_clip(
            b"OggS\0\x02........................OpusHead"
        ));
        assert!(!playable_clip(b"ID3\x04 an mp3"));
        // A chunk length that points past everything ends the search.
        let mut broken = wav(22050, &[0; 8]);
        broken[16..20].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(pcm(&broken), None);
    }

    #[test]
    fn numbers_are_spoken_as_a_letter_and_a_number() {
        assert_eq!(spoken_number("J12"), "J 12");
        assert_eq!(spoken_number("AB903"), "AB 903");
        assert_eq!(spoken_number("12"), "12");
        assert_eq!(speakable("\u{2068}J12\u{2069}."), "J12.");
    }
}
