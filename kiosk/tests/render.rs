//! Every language's greeting really appears: rendered with the software
//! renderer and the system's fonts, the greeting's area must not stay empty.
//! Ethiopic (ti, am) is invisible without a font that covers it.

use std::sync::Arc;

use kiosk::{app::Kiosk, render::Canvas, sync::Unconnected, AppWindow};
use translations::Catalog;

#[test]
fn every_languages_greeting_is_drawn() {
    let canvas = Canvas::install(1920, 1080).unwrap();
    let catalog = Arc::new(Catalog::embedded().unwrap());
    let showable = kiosk::showable_languages(&catalog).unwrap();
    let resident: Vec<String> = translations::RESIDENT_LANGUAGES
        .iter()
        .map(|s| s.to_string())
        .collect();
    let missing: Vec<&String> = resident.iter().filter(|t| !showable.contains(t)).collect();
    assert!(
        missing.is_empty(),
        "no installed font covers {missing:?}: install fonts-noto-core"
    );
    let kiosk = Kiosk::new(
        AppWindow::new().unwrap(),
        catalog,
        Box::new(Unconnected),
        showable,
    );
    // The greeting, the first screen's title: its band measured on an empty
    // greeting first.
    let band = (480, 24, 960, 110);
    kiosk
        .window
        .global::<kiosk::WelcomeAdapter>()
        .set_greeting("".into());
    let empty = canvas.draw().colours_in(band.0, band.1, band.2, band.3);
    for tag in kiosk.languages() {
        kiosk.greet_in(&tag);
        let colours = canvas.draw().colours_in(band.0, band.1, band.2, band.3);
        println!("{tag}: {colours} colours in the greeting band");
        assert!(
            colours > empty + 1,
            "{tag}: the greeting is not drawn ({colours} colours)"
        );
    }
}

use slint::ComponentHandle;
