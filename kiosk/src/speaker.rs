//! The kiosk's loudspeaker: plays what the read-aloud asks for, one
//! utterance at a time, through ALSA (`aplay`), on a thread of its own so
//! the screen never waits for sound. A new utterance or [`Speaker::stop`]
//! cuts off the one playing at once.
//!
//! Each piece of an utterance is either a recorded clip (WAV or Ogg Vorbis,
//! any rate, mono or stereo) or a sentence espeak-ng speaks on this very
//! machine, so read-aloud works with the network down. Every piece is
//! converted to one stream of 16-bit mono at [`RATE`] and scaled to the
//! kiosk's volume before it reaches ALSA.

use std::{
    io::Write,
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::{
        atomic::{AtomicU64, Ordering},
        mpsc, Arc, Mutex,
    },
    time::Duration,
};

use speech::Pcm;

/// The stream's sample rate: espeak-ng's own, so its speech is not resampled.
pub const RATE: u32 = 22050;
/// A short silence between pieces, as a reader pauses between lines.
const PAUSE: Duration = Duration::from_millis(350);

/// One piece of what is said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sound {
    /// A recorded clip, played as it is.
    Clip(PathBuf),
    /// A sentence for espeak-ng to speak in one of its voices.
    Synth { voice: String, text: String },
}

struct Utterance {
    generation: u64,
    sounds: Vec<Sound>,
}

/// Where the sound goes: an ALSA device (`default` unless the kiosk's
/// settings name another) at a volume from 0 to 100.
#[derive(Debug, Clone)]
pub struct Output {
    pub device: String,
    pub volume: u8,
}

impl Default for Output {
    fn default() -> Self {
        Output {
            device: "default".into(),
            volume: 80,
        }
    }
}

pub struct Speaker {
    utterances: mpsc::Sender<Utterance>,
    /// Raised by every new utterance and every stop; the thread drops
    /// whatever belongs to an older one.
    generation: Arc<AtomicU64>,
    /// The generation still to be said or being said (queued, loading or
    /// playing); 0 when all is said.
    working: Arc<AtomicU64>,
    playing: Arc<Mutex<Option<Child>>>,
}

impl Speaker {
    pub fn start(output: Output) -> Speaker {
        let (utterances, queue) = mpsc::channel::<Utterance>();
        let generation = Arc::new(AtomicU64::new(0));
        let working = Arc::new(AtomicU64::new(0));
        let playing = Arc::new(Mutex::new(None));
        let player = Player {
            output,
            generation: generation.clone(),
            playing: playing.clone(),
        };
        let done = working.clone();
        std::thread::Builder::new()
            .name("speaker".into())
            .spawn(move || {
                while let Ok(utterance) = queue.recv() {
                    let generation = utterance.generation;
                    // A clip that breaks the decoder must not end the
                    // kiosk's voice for the rest of the day.
                    let played = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        player.play(utterance)
                    }));
                    if played.is_err() {
                        tracing::warn!(
                            "the speaker failed on an utterance; it goes on with the next"
                        );
                    }
                    let _ =
                        done.compare_exchange(generation, 0, Ordering::SeqCst, Ordering::SeqCst);
                }
            })
            .expect("cannot start the speaker thread");
        Speaker {
            utterances,
            generation,
            working,
            playing,
        }
    }

    /// Says `sounds`, cutting off whatever is playing.
    pub fn say(&self, sounds: Vec<Sound>) {
        let generation = self.stop();
        self.working.store(generation, Ordering::SeqCst);
        let _ = self.utterances.send(Utterance { generation, sounds });
    }

    /// Silence, now. Returns the new generation.
    pub fn stop(&self) -> u64 {
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        if let Some(mut child) = self.playing.lock().expect("speaker").take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        generation
    }

    /// Is the last utterance still to be said, being made, or playing?
    pub fn is_playing(&self) -> bool {
        let current = self.generation.load(Ordering::SeqCst);
        current != 0 && self.working.load(Ordering::SeqCst) == current
    }
}

impl Drop for Speaker {
    fn drop(&mut self) {
        self.stop();
    }
}

struct Player {
    output: Output,
    generation: Arc<AtomicU64>,
    playing: Arc<Mutex<Option<Child>>>,
}

impl Player {
    fn current(&self, utterance: &Utterance) -> bool {
        self.generation.load(Ordering::SeqCst) == utterance.generation
    }

    fn play(&self, utterance: Utterance) {
        if !self.current(&utterance) {
            return;
        }
        let rate = RATE.to_string();
        let spawned = Command::new("aplay")
            .args(["-q", "-t", "raw", "-f", "S16_LE", "-c", "1", "-r", &rate])
            .args(["-D", &self.output.device])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn();
        let mut child = match spawned {
            Ok(child) => child,
            Err(e) => {
                tracing::warn!("cannot play sound: aplay (alsa-utils) does not start: {e}");
                return;
            }
        };
        let Some(mut pipe) = child.stdin.take() else {
            return;
        };
        {
            let mut playing = self.playing.lock().expect("speaker");
            // Cut off while aplay was starting: do not let it play.
            if !self.current(&utterance) {
                let _ = child.kill();
                let _ = child.wait();
                return;
            }
            *playing = Some(child);
        }
        for (i, sound) in utterance.sounds.iter().enumerate() {
            if !self.current(&utterance) {
                return;
            }
            let pcm = match load(sound, &|| !self.current(&utterance)) {
                Ok(pcm) => pcm,
                // Half a screen read aloud misleads: stop rather than skip.
                Err(e) => {
                    tracing::warn!("cannot say {sound:?}: {e}");
                    if let Some(mut child) = self.playing.lock().expect("speaker").take() {
                        let _ = child.kill();
                        let _ = child.wait();
                    }
                    return;
                }
            };
            let mut samples = Vec::new();
            if i > 0 {
                samples.resize((RATE as u128 * PAUSE.as_millis() / 1000) as usize, 0);
            }
            let volume = f32::from(self.output.volume.min(100)) / 100.0;
            samples.extend(
                speech::resample(&pcm, RATE)
                    .into_iter()
                    .map(|s| (f32::from(s) * volume) as i16),
            );
            let bytes: Vec<u8> = samples.iter().flat_map(|s| s.to_le_bytes()).collect();
            // Fails when a stop killed aplay: the utterance is over.
            if pipe.write_all(&bytes).is_err() {
                return;
            }
        }
        drop(pipe);
        // Let aplay drain, unless a newer utterance has taken its place.
        loop {
            let mut playing = self.playing.lock().expect("speaker");
            let done = match playing.as_mut() {
                Some(child) if self.current(&utterance) => !matches!(child.try_wait(), Ok(None)),
                _ => true,
            };
            if done {
                if self.current(&utterance) {
                    *playing = None;
                }
                return;
            }
            drop(playing);
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The audio of one piece; synthesis gives up when `cancelled` says so.
fn load(sound: &Sound, cancelled: &dyn Fn() -> bool) -> Result<Pcm, String> {
    match sound {
        Sound::Synth { voice, text } => speech::synthesize_cancellable(voice, text, cancelled),
        Sound::Clip(path) => {
            let bytes =
                std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            if path.extension().is_some_and(|e| e == "ogg") {
                ogg(&bytes).map_err(|e| format!("{}: {e}", path.display()))
            } else {
                speech::pcm(&bytes)
                    .ok_or_else(|| format!("{} is not a 16-bit PCM WAV file", path.display()))
            }
        }
    }
}

/// An Ogg Vorbis clip, mixed down to mono.
fn ogg(bytes: &[u8]) -> Result<Pcm, String> {
    let mut reader = lewton::inside_ogg::OggStreamReader::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not an Ogg Vorbis file: {e}"))?;
    let channels = usize::from(reader.ident_hdr.audio_channels.max(1));
    let rate = reader.ident_hdr.audio_sample_rate;
    let mut samples = Vec::new();
    while let Some(packet) = reader
        .read_dec_packet_itl()
        .map_err(|e| format!("broken Ogg Vorbis data: {e}"))?
    {
        samples.extend(packet.chunks_exact(channels).map(|frame| {
            (frame.iter().map(|&s| i32::from(s)).sum::<i32>() / channels as i32) as i16
        }));
    }
    Ok(Pcm { rate, samples })
}
