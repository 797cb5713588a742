//! Vägvisare's kiosk: residents check in by touch, in their own language,
//! without giving any personal data, and get a ticket even when the network
//! is down. `main.rs` only reads the settings; everything runs from here.

/// The code Slint generates from `ui/`.
mod ui {
    #![allow(clippy::todo)] // generated: Slint's placeholders for features we do not use
    slint::include_modules!();
}
pub use ui::*;

pub mod app;
pub mod controllers;
pub mod escpos;
pub mod fake_printer;
pub mod fonts;
pub mod idle;
pub mod outbox;
pub mod paper;
pub mod printer;
pub mod printing;
pub mod qr;
pub mod read_aloud;
pub mod render;
pub mod screens;
pub mod settings;
pub mod speaker;
pub mod sync;
pub mod visit;

use std::{
    rc::Rc,
    sync::Arc,
    time::{Duration, Instant},
};

use anyhow::Context;
use slint::ComponentHandle;
use translations::Catalog;

/// Which languages this machine can show: the catalog's, less those whose
/// script no installed font covers. Fails (never panics) with no fonts at all.
pub fn showable_languages(catalog: &Catalog) -> anyhow::Result<Vec<String>> {
    let samples = app::font_samples(catalog);
    let coverage = fonts::Coverage::of_system_fonts(samples.values().flatten().map(String::as_str));
    if !coverage.has_fonts() {
        anyhow::bail!(
            "no fonts are installed, so the kiosk could show no text: install fonts-noto-core"
        );
    }
    let tags: Vec<String> = catalog.languages().map(String::from).collect();
    Ok(fonts::shown_languages(&tags, &samples, &coverage))
}

/// Runs the kiosk until its window closes.
pub fn run(settings: settings::Settings) -> anyhow::Result<()> {
    let catalog = Arc::new(Catalog::embedded().map_err(anyhow::Error::msg)?);
    let showable = showable_languages(&catalog)?;
    let window = AppWindow::new().context("cannot open the kiosk window")?;
    // The worker writes to the kiosk from its own thread, through the mailbox.
    let mailbox = app::Mailbox::new(&window);
    let reports = mailbox.clone();
    let worker = sync::Worker::start(&settings, move |report| {
        reports.post(app::Letter::Report(report))
    })?;
    let kiosk = app::Kiosk::with_mailbox(window, catalog, Box::new(worker), showable, mailbox);
    if !speech::synthesizer_installed() {
        tracing::warn!("espeak-ng is not installed: only recorded clips can be read aloud");
    }
    kiosk.enable_speech(
        read_aloud::Voices::new(settings.clips.clone()),
        settings.audio.clone(),
    );
    if let Some(printer) = settings.printer.clone() {
        kiosk.enable_printing(Box::new(printing::Subprocess::new(printer)?));
    }
    controllers::setup(&kiosk);
    let timer = slint::Timer::default();
    let weak = Rc::downgrade(&kiosk);
    timer.start(
        slint::TimerMode::Repeated,
        Duration::from_secs(1),
        move || {
            if let Some(kiosk) = weak.upgrade() {
                kiosk.tick(Instant::now());
            }
        },
    );
    if settings.fullscreen {
        kiosk.window.window().set_fullscreen(true);
    }
    tracing::info!(server = %settings.server_url, outbox = %settings.database.display(), "kiosk started");
    kiosk.window.run()?;
    Ok(())
}
