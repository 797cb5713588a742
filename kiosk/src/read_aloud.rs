//! What the speaker button can say, and in whose voice. A screen is read as
//! a list of lines (the title, each choice, the question, the ticket); each
//! line is voiced by a recorded clip `<clips>/<tag>/audio/<message-id>.ogg`
//! (or `.wav`) where the municipality's interpreters made one, else by
//! espeak-ng's voice for the language, else not at all. A screen is spoken
//! only when every line of it can be: half a screen read aloud misleads.

use std::path::{Path, PathBuf};

use crate::speaker::Sound;

/// One line of a screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub tag: String,
    /// The message it comes from: the name of its recorded clip.
    pub id: String,
    pub text: String,
    /// A message with a number or a desk in it cannot be recorded once for
    /// all: only a voice can say it.
    pub recordable: bool,
}

impl Line {
    pub fn fixed(tag: &str, id: &str, text: String) -> Line {
        Line {
            tag: tag.into(),
            id: id.into(),
            text,
            recordable: true,
        }
    }

    pub fn varying(tag: &str, id: &str, text: String) -> Line {
        Line {
            recordable: false,
            ..Line::fixed(tag, id, text)
        }
    }
}

/// Where the voices come from.
#[derive(Debug, Clone, Default)]
pub struct Voices {
    /// The folder holding `<tag>/audio/` clips, if this kiosk has one.
    pub clips: Option<PathBuf>,
    /// Whether to use espeak-ng (off in tests that prove clips alone).
    pub synthesizer: bool,
}

impl Voices {
    pub fn new(clips: Option<PathBuf>) -> Voices {
        Voices {
            clips,
            synthesizer: true,
        }
    }

    /// A recording of message `id` in `tag` that the speaker can play.
    fn clip(&self, tag: &str, id: &str) -> Option<PathBuf> {
        let dir = self.clips.as_deref()?.join(tag).join("audio");
        ["ogg", "wav"]
            .iter()
            .map(|ext| dir.join(format!("{id}.{ext}")))
            .find(|path| playable(path))
    }

    /// How one line sounds, if it can.
    pub fn sound(&self, line: &Line) -> Option<Sound> {
        if line.recordable {
            if let Some(path) = self.clip(&line.tag, &line.id) {
                return Some(Sound::Clip(path));
            }
        }
        let voice = speech::voice(&line.tag).filter(|_| self.synthesizer)?;
        Some(Sound::Synth {
            voice: voice.into(),
            text: line.text.clone(),
        })
    }

    /// How a whole screen sounds: `None` unless every line can be said.
    pub fn all(&self, lines: &[Line]) -> Option<Vec<Sound>> {
        if lines.is_empty() {
            return None;
        }
        lines.iter().map(|line| self.sound(line)).collect()
    }

    /// The lines that can be said, the rest left out: for the welcome
    /// screen, where each language's name stands on its own.
    pub fn some(&self, lines: &[Line]) -> Option<Vec<Sound>> {
        let sounds: Vec<Sound> = lines.iter().filter_map(|line| self.sound(line)).collect();
        (!sounds.is_empty()).then_some(sounds)
    }
}

/// Is the file there, and in a format the speaker plays? Only its first
/// bytes are read.
fn playable(path: &Path) -> bool {
    use std::io::Read;
    let mut header = [0u8; 256];
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let read = file.read(&mut header).unwrap_or(0);
    speech::playable_clip(&header[..read])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_clip_comes_first_and_a_language_without_voice_needs_every_clip() {
        let dir = std::env::temp_dir().join(format!("vagvisare-clips-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("so/audio")).unwrap();
        std::fs::write(
            dir.join("so/audio/choose-errand.wav"),
            speech::wav(22050, &[0; 64]),
        )
        .unwrap();
        let voices = Voices {
            clips: Some(dir.clone()),
            synthesizer: false,
        };
        // A recording the speaker cannot play is not offered.
        std::fs::write(dir.join("so/audio/errand-af.wav"), b"RIFF....WAVE").unwrap();
        assert_eq!(
            voices.sound(&Line::fixed("so", "errand-af", "Arbetsförmedlingen".into())),
            None
        );
        let title = Line::fixed("so", "choose-errand", "Maxaad u timid?".into());
        assert_eq!(
            voices.sound(&title),
            Some(Sound::Clip(dir.join("so/audio/choose-errand.wav")))
        );
        let errand = Line::fixed("so", "errand-job", "Shaqo".into());
        assert_eq!(voices.all(&[title.clone(), errand]), None);
        assert_eq!(
            voices.some(std::slice::from_ref(&title)).map(|s| s.len()),
            Some(1)
        );
        // A clip cannot carry a number that changes.
        let number = Line::varying("so", "choose-errand", "J 12".into());
        assert_eq!(voices.sound(&number), None);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
