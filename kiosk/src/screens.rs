//! Renders every screen of the kiosk in every language, in normal,
//! large-text and high-contrast modes, at 1920 × 1080 and 1280 × 720, to PNG
//! with Slint's software renderer (no display needed), and reports a blank
//! image or a title left empty. A caller may check each screen further (the
//! layout test measures every text's box). Run by the tests
//! (`tests/screens.rs`) and by `cargo run -p kiosk --bin screens`.

use std::{path::Path, sync::Arc};

use protocol::{ErrandInfo, KioskConfig, NumberRange, SiteInfo, WaitRange};
use slint::ComponentHandle;
use translations::Catalog;

use crate::{
    app::{HelpState, Kiosk},
    controllers,
    read_aloud::Voices,
    render::Canvas,
    speaker::Output,
    sync::{Report, Unconnected},
    visit::Issued,
    AppWindow, Screen, Theme,
};

/// The ticket the screenshots and the benchmark show.
pub fn sample_ticket() -> Issued {
    Issued {
        number: Some("J12".into()),
        people_ahead: Some(3),
        wait: Some(WaitRange { low: 10, high: 25 }),
        status_url: Some("http://127.0.0.1:8080/t/3q2-7Zr1b0aXW9kTqL4uVg".into()),
        ..Issued::default()
    }
}

/// The demo's errands, as the server sends them.
pub fn sample_config(languages: Vec<String>) -> KioskConfig {
    let errand = |id: &str, prefix: &str| ErrandInfo {
        id: id.into(),
        prefix: prefix.into(),
        icon: Some(protocol::default_icon(id).into()),
        names: Default::default(),
    };
    KioskConfig {
        kiosk: "arby-1".into(),
        site: SiteInfo {
            id: "arby".into(),
            name: "Mötesplats Årby".into(),
        },
        errands: vec![
            errand("job", "J"),
            errand("study", "S"),
            errand("benefit", "A"),
            errand("af", "A"),
            errand("digital", "D"),
            errand("other", "A"),
        ],
        languages,
        offline_numbers: NumberRange {
            first: 900,
            last: 999,
        },
        retention_days: None,
        appointment_codes: Some(protocol::AppointmentCodes::Optional),
    }
}

/// The display modes every screen is shown in.
pub const MODES: [(&str, bool, bool); 3] = [
    ("normal", false, false),
    ("large", true, false),
    ("contrast", false, true),
];

/// The screen sizes a kiosk is made for.
pub const SIZES: [(u32, u32); 2] = [(1920, 1080), (1280, 720)];

/// Looks at one rendered screen: `(window, name, problems)`.
pub type Inspect<'a> = dyn FnMut(&AppWindow, &str, &mut Vec<String>) + 'a;

/// Renders every screen in every language, mode and size into `out`
/// (`<size>/<mode>/<tag>-<screen>.png`); returns the problems found.
/// `inspect` sees each screen as it is drawn.
pub fn render_all(out: &Path, inspect: &mut Inspect) -> anyhow::Result<Vec<String>> {
    let (width, height) = SIZES[0];
    let mut canvas = Canvas::install(width, height)?;
    let catalog = Arc::new(Catalog::embedded().map_err(anyhow::Error::msg)?);
    let showable = crate::showable_languages(&catalog)?;
    let kiosk = Kiosk::new(
        AppWindow::new()?,
        catalog.clone(),
        Box::new(Unconnected),
        showable.clone(),
    );
    let order: Vec<String> = translations::RESIDENT_LANGUAGES
        .iter()
        .map(|s| s.to_string())
        .collect();
    kiosk.report(Report::Config(sample_config(order.clone())));
    // The speaker button appears where a voice (or a recording) exists.
    kiosk.enable_speech(Voices::new(None), Output::default());
    let mut problems = Vec::new();
    for tag in &order {
        if !showable.contains(tag) {
            problems.push(format!(
                "{tag}: no installed font covers it, so the kiosk leaves it out"
            ));
        }
    }
    let theme = kiosk.window.global::<Theme>();
    for (width, height) in SIZES {
        canvas.resize(width, height);
        for (mode, large, contrast) in MODES {
            let dir = out.join(format!("{width}x{height}")).join(mode);
            std::fs::create_dir_all(&dir)?;
            for tag in kiosk.languages() {
                // Draws, saves and checks a screen; the number of colours in
                // the title's band, between the back button and the tools.
                let band = (width / 3, 40, width / 3, 90);
                let mut shot = |name: &str, problems: &mut Vec<String>| -> anyhow::Result<usize> {
                    let frame = canvas.draw();
                    let name = format!("{tag}-{name}");
                    frame.save_png(&dir.join(format!("{name}.png")))?;
                    let label = format!("{width}x{height} {mode} {name}");
                    if frame.is_blank() {
                        problems.push(format!("{label}: the image is blank"));
                    }
                    inspect(&kiosk.window, &label, problems);
                    Ok(frame.colours_in(band.0, band.1, band.2, band.3))
                };
                kiosk.reset();
                theme.set_large_text(large);
                theme.set_high_contrast(contrast);
                kiosk.greet_in(&tag);
                shot("welcome", &mut problems)?;
                kiosk.choose_language(&tag);
                if shot("errand", &mut problems)? < 3 {
                    problems.push(format!(
                        "{width}x{height} {mode} {tag}: the errand title stays empty"
                    ));
                }
                kiosk.choose_errand("job");
                shot("question-appointment", &mut problems)?;
                // "Yes": the keypad for the booked visit's code.
                kiosk.answer(Some(true));
                for digit in ["4", "0", "7"] {
                    kiosk.code_digit(digit);
                }
                shot("code", &mut problems)?;
                controllers::code::show(&kiosk.window, "", true, false);
                shot("code-unknown", &mut problems)?;
                for digit in ["4", "0", "7", "1", "1", "8"] {
                    kiosk.code_digit(digit);
                }
                kiosk.code_done();
                shot("question-interpreter", &mut problems)?;
                kiosk.go(Screen::Ticket);
                kiosk.show_issued(&Issued {
                    booked: true,
                    ..sample_ticket()
                });
                shot("ticket-booked", &mut problems)?;
                kiosk.show_issued(&sample_ticket());
                shot("ticket", &mut problems)?;
                // The printer out of paper: the line under the number.
                controllers::ticket::show_printer_problem(&kiosk.window, &catalog, &tag, true);
                shot("ticket-unprinted", &mut problems)?;
                controllers::ticket::show_pending(&kiosk.window);
                kiosk.show_issued(&Issued {
                    number: Some("J903".into()),
                    ..Issued::default()
                });
                shot("ticket-offline", &mut problems)?;
                kiosk.go(Screen::Errand);
                controllers::idle::show(&kiosk.window, &catalog, &tag, 17);
                shot("idle", &mut problems)?;
                controllers::idle::hide(&kiosk.window);
                // Asking for help: the staff were told, or could not be reached.
                controllers::help::set_state(&kiosk.window, HelpState::Told);
                shot("help-told", &mut problems)?;
                controllers::help::set_state(&kiosk.window, HelpState::Unreachable);
                shot("help-unreachable", &mut problems)?;
                controllers::help::set_state(&kiosk.window, HelpState::None);
                // The language list reached mid-visit, with Back.
                kiosk.change_language();
                shot("change-language", &mut problems)?;
            }
        }
    }
    Ok(problems)
}
