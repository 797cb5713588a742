//! The speaker button, heard through the real audio path: the kiosk reads a
//! screen aloud, `aplay` plays it through ALSA, and ALSA's `file` plugin
//! (named in an asoundrc, as a sound card would be) captures it to a WAV
//! file, which `sox` measures: longer than a second and not silent. Once for
//! every language espeak-ng has a voice for, and once for a language whose
//! screen is voiced by recorded clips (WAV and Ogg Vorbis).

use std::{
    path::{Path, PathBuf},
    process::Command,
    sync::{Arc, Once},
    time::{Duration, Instant},
};

use i_slint_backend_testing::ElementHandle;
use kiosk::{
    app::Kiosk, controllers, read_aloud::Voices, screens::sample_config, speaker::Output,
    sync::Report, sync::Unconnected, AppWindow,
};
use translations::Catalog;

fn dir() -> PathBuf {
    std::env::temp_dir().join(format!("vagvisare-speech-{}", std::process::id()))
}

/// Points ALSA at an asoundrc that adds one capturing device per name:
/// `capture_<name>` writes what it is given to `<dir>/<name>.wav`.
fn alsa_capturing(names: &[&str]) {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::fs::create_dir_all(dir()).unwrap();
        let devices: String = names
            .iter()
            .map(|name| {
                format!(
                    "pcm.capture_{name} {{\n  type file\n  slave.pcm \"null\"\n  file \"{}\"\n  format \"wav\"\n}}\n",
                    dir().join(format!("{name}.wav")).display()
                )
            })
            .collect();
        let rc = dir().join("asoundrc");
        std::fs::write(&rc, devices).unwrap();
        // The system's configuration first (it defines "null"), then ours.
        std::env::set_var(
            "ALSA_CONFIG_PATH",
            format!("/usr/share/alsa/alsa.conf:{}", rc.display()),
        );
    });
}

const DEVICES: [&str; 16] = [
    "sv", "ar", "so", "ti", "fi", "fa", "fa-AF", "ckb", "kmr", "en", "uk", "am", "ps", "bs", "tr",
    "clips",
];

fn device(name: &str) -> String {
    format!("capture_{name}")
}

thread_local! {
    static PLATFORM: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn kiosk(voices: Voices, device: String) -> std::rc::Rc<Kiosk> {
    // Once per test thread: the testing platform cannot be set twice.
    if !PLATFORM.with(|p| p.replace(true)) {
        i_slint_backend_testing::init_no_event_loop();
    }
    let catalog = Arc::new(Catalog::embedded().unwrap());
    let all: Vec<String> = catalog.languages().map(String::from).collect();
    let kiosk = Kiosk::new(
        AppWindow::new().unwrap(),
        catalog,
        Box::new(Unconnected),
        all.clone(),
    );
    controllers::setup(&kiosk);
    kiosk.report(Report::Config(sample_config(
        translations::RESIDENT_LANGUAGES
            .iter()
            .map(|s| s.to_string())
            .collect(),
    )));
    kiosk.enable_speech(voices, Output { device, volume: 80 });
    kiosk
}

fn speaker_button(kiosk: &Kiosk, tag: &str) -> Option<ElementHandle> {
    let label = kiosk.catalog().text(tag, "read-aloud");
    let found = ElementHandle::find_by_accessible_label(&kiosk.window, &label).next();
    found
}

/// Waits until the capture stops growing; its length and RMS by `sox`.
fn captured(path: &Path) -> (f64, f64) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut last = 0;
    loop {
        std::thread::sleep(Duration::from_millis(400));
        let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if len > 44 && len == last {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "nothing captured in {}",
            path.display()
        );
        last = len;
    }
    let out = Command::new("sox")
        .arg(path)
        .args(["-n", "stat"])
        .output()
        .expect("sox is installed (scripts/debian-packages)");
    let report = String::from_utf8_lossy(&out.stderr).to_string();
    let figure = |name: &str| -> f64 {
        report
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split(':').nth(1))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no {name} in sox's report:\n{report}"))
    };
    (figure("Length (seconds)"), figure("RMS     amplitude"))
}

#[test]
fn every_language_with_a_voice_reads_its_errand_screen_aloud_through_alsa() {
    alsa_capturing(&DEVICES);
    let voiced: Vec<&str> = translations::RESIDENT_LANGUAGES
        .iter()
        .copied()
        .filter(|tag| speech::voice(tag).is_some())
        .collect();
    assert!(
        voiced.len() >= 10,
        "espeak-ng should voice most languages: {voiced:?}"
    );
    for tag in translations::RESIDENT_LANGUAGES {
        let kiosk = kiosk(Voices::new(None), device(tag));
        kiosk.choose_language(tag);
        let button = speaker_button(&kiosk, tag);
        if !voiced.contains(&tag) {
            // No voice and no recording: no button that would say nothing.
            assert!(button.is_none(), "{tag} has a speaker button but no voice");
            continue;
        }
        button
            .unwrap_or_else(|| panic!("{tag}: no speaker button"))
            .invoke_accessible_default_action();
        let (seconds, rms) = captured(&dir().join(format!("{tag}.wav")));
        println!("{tag}: {seconds:.1} s of speech, RMS {rms:.3}");
        assert!(seconds > 1.0, "{tag}: only {seconds} s");
        assert!(rms > 0.005, "{tag}: silent (RMS {rms})");
    }
}

#[test]
fn recorded_clips_voice_a_language_espeak_has_no_voice_for() {
    alsa_capturing(&DEVICES);
    let clips = dir().join("clips");
    let audio = clips.join("so/audio");
    std::fs::create_dir_all(&audio).unwrap();
    let catalog = Catalog::embedded().unwrap();
    // Stand-ins for the interpreters' recordings: each line spoken in
    // English, as WAV, and one as Ogg Vorbis.
    let ids = [
        "choose-errand",
        "errand-job",
        "errand-study",
        "errand-benefit",
        "errand-af",
        "errand-digital",
        "errand-other",
    ];
    for id in ids {
        let wav = audio.join(format!("{id}.wav"));
        let status = Command::new("espeak-ng")
            .args(["-v", "en", "-w"])
            .arg(&wav)
            .arg(catalog.text("en", id))
            .status()
            .unwrap();
        assert!(status.success());
    }
    let ogg = audio.join("errand-other.ogg");
    let status = Command::new("sox")
        .arg(audio.join("errand-other.wav"))
        .arg(&ogg)
        .status()
        .unwrap();
    assert!(status.success(), "sox writes Ogg Vorbis (libsox-fmt-all)");
    std::fs::remove_file(audio.join("errand-other.wav")).unwrap();

    let kiosk = kiosk(
        Voices {
            clips: Some(clips),
            synthesizer: false,
        },
        device("clips"),
    );
    kiosk.choose_language("so");
    speaker_button(&kiosk, "so")
        .expect("every line of the Somali errand screen is recorded")
        .invoke_accessible_default_action();
    let (seconds, rms) = captured(&dir().join("clips.wav"));
    println!("so, from clips: {seconds:.1} s, RMS {rms:.3}");
    assert!(seconds > 1.0 && rms > 0.005, "{seconds} s, RMS {rms}");
    // The question screen has no recordings: no button there.
    kiosk.choose_errand("job");
    assert!(speaker_button(&kiosk, "so").is_none());
}
