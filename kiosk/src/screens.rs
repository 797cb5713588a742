//! Renders every screen of the kiosk in every language to PNG, with Slint's
//! software renderer (no display needed), and reports a blank image or a text
//! area left empty: the check that no language shows nothing. Run by the
//! tests (`tests/screens.rs`) and by `cargo run -p kiosk --bin screens`.

use std::sync::Arc;

use protocol::{ErrandInfo, KioskConfig, NumberRange, SiteInfo, WaitRange};
use slint::ComponentHandle;
use translations::Catalog;

use crate::{
    app::{Kiosk, Screen},
    render::{Canvas, Frame},
    sync::{Report, Unconnected},
    visit::Issued,
    AppWindow, IdleAdapter,
};

/// The ticket the screenshots and the benchmark show.
pub fn sample_ticket() -> Issued {
    Issued {
        number: Some("J12".into()),
        people_ahead: Some(3),
        wait: Some(WaitRange { low: 10, high: 25 }),
        status_url: Some("http://127.0.0.1:8080/t/3q2-7Zr1b0aXW9kTqL4uVg".into()),
    }
}

fn sample_config(languages: Vec<String>) -> KioskConfig {
    let errand = |id: &str, prefix: &str| ErrandInfo {
        id: id.into(),
        prefix: prefix.into(),
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
    }
}

fn check(frame: &Frame, name: &str, problems: &mut Vec<String>) {
    if frame.is_blank() {
        problems.push(format!("{name}: the image is blank"));
    }
}

/// Renders every screen in every language into `out`; returns the problems
/// found (blank images, empty text areas, languages without fonts).
pub fn render_all(out: &std::path::Path) -> anyhow::Result<Vec<String>> {
    std::fs::create_dir_all(out)?;
    let mut canvas = Canvas::install(1920, 1080)?;
    let catalog = Arc::new(Catalog::embedded().map_err(anyhow::Error::msg)?);
    let showable = crate::showable_languages(&catalog)?;
    let kiosk = Kiosk::new(
        AppWindow::new()?,
        catalog,
        Box::new(Unconnected),
        showable.clone(),
    );
    let order: Vec<String> = crate::app::RESIDENT_LANGUAGES
        .iter()
        .map(|s| s.to_string())
        .collect();
    kiosk.report(Report::Config(sample_config(order.clone())));
    let mut problems = Vec::new();
    for tag in &order {
        if !showable.contains(tag) {
            problems.push(format!(
                "{tag}: no installed font covers it, so the kiosk leaves it out"
            ));
        }
    }

    let welcome = canvas.draw();
    welcome.save_png(&out.join("welcome.png"))?;
    check(&welcome, "welcome", &mut problems);

    for tag in kiosk.languages() {
        let shot = |name: &str, problems: &mut Vec<String>| -> anyhow::Result<Frame> {
            let frame = canvas.draw();
            frame.save_png(&out.join(format!("{tag}-{name}.png")))?;
            check(&frame, &format!("{tag}-{name}"), problems);
            Ok(frame)
        };
        kiosk.reset();
        kiosk.greet_in(&tag);
        let greeting = shot("greeting", &mut problems)?;
        if greeting.colours_in(200, 130, 1520, 140) < 3 {
            problems.push(format!("{tag}: the greeting area stays empty"));
        }
        kiosk.choose_language(&tag);
        let errands = shot("errand", &mut problems)?;
        if errands.colours_in(400, 40, 1120, 130) < 3 {
            problems.push(format!("{tag}: the errand title stays empty"));
        }
        // Large text and high contrast together: the hardest case for clipping.
        let theme = kiosk.window.global::<crate::Theme>();
        theme.set_large_text(true);
        theme.set_high_contrast(true);
        shot("errand-large-contrast", &mut problems)?;
        theme.set_large_text(false);
        theme.set_high_contrast(false);
        kiosk.choose_errand("job");
        shot("questions", &mut problems)?;
        kiosk.go(Screen::Ticket);
        kiosk.show_issued(&sample_ticket());
        shot("ticket", &mut problems)?;
        kiosk.show_issued(&Issued {
            number: Some("J903".into()),
            ..Issued::default()
        });
        shot("ticket-offline", &mut problems)?;
        kiosk.go(Screen::Errand);
        kiosk.window.global::<IdleAdapter>().set_countdown(
            kiosk
                .catalog()
                .text_with(&tag, "returning-in", &{
                    let mut args = translations::Args::new();
                    args.set("seconds", 20);
                    args
                })
                .into(),
        );
        kiosk.window.global::<IdleAdapter>().set_warning(true);
        shot("idle", &mut problems)?;
        kiosk.window.global::<IdleAdapter>().set_warning(false);
        // Asking for help: the staff were told, or could not be reached.
        let help = kiosk.window.global::<crate::HelpAdapter>();
        help.set_state(crate::app::HelpState::Told as i32);
        shot("help-told", &mut problems)?;
        help.set_state(crate::app::HelpState::Unreachable as i32);
        shot("help-unreachable", &mut problems)?;
        help.set_state(crate::app::HelpState::None as i32);
    }

    // The smallest screen the kiosk is made for, in three scripts.
    canvas.resize(1280, 720);
    for tag in ["sv", "ar", "ti"] {
        kiosk.reset();
        let mut shot = |name: &str| -> anyhow::Result<()> {
            let frame = canvas.draw();
            frame.save_png(&out.join(format!("small-{tag}-{name}.png")))?;
            check(&frame, &format!("small-{tag}-{name}"), &mut problems);
            Ok(())
        };
        shot("welcome")?;
        kiosk.choose_language(tag);
        shot("errand")?;
        kiosk.choose_errand("job");
        shot("questions")?;
        kiosk.go(Screen::Ticket);
        kiosk.show_issued(&sample_ticket());
        shot("ticket")?;
        kiosk
            .window
            .global::<crate::HelpAdapter>()
            .set_state(crate::app::HelpState::Told as i32);
        shot("help-told")?;
    }
    Ok(problems)
}
