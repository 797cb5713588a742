//! The welcome screen, and the language list the language button returns
//! to: picking a language starts a visit, or goes back to where it was.

use std::rc::Rc;

use slint::{ComponentHandle, ModelRc, VecModel};
use translations::Catalog;

use super::{with, with_str};
use crate::{app::Kiosk, AppWindow, LanguageChoice, WelcomeAdapter};

pub fn setup(kiosk: &Rc<Kiosk>) {
    let adapter = kiosk.window.global::<WelcomeAdapter>();
    adapter.on_choose(with_str(kiosk, |k, tag| k.choose_language(tag)));
    adapter.on_say_name(with_str(kiosk, |k, tag| k.say_language_name(tag)));
    adapter.on_keep(with(kiosk, |k| k.keep_language()));
}

/// Every language by its own name.
pub fn show_languages(window: &AppWindow, catalog: &Catalog, languages: &[String]) {
    let model: Vec<LanguageChoice> = languages
        .iter()
        .map(|tag| LanguageChoice {
            tag: tag.into(),
            name: catalog.text(tag, "language-name").into(),
        })
        .collect();
    window
        .global::<WelcomeAdapter>()
        .set_languages(ModelRc::new(VecModel::from(model)));
}

pub fn show_greeting(window: &AppWindow, catalog: &Catalog, tag: &str) {
    let welcome = window.global::<WelcomeAdapter>();
    welcome.set_greeting(catalog.text(tag, "greeting").into());
    welcome.set_choose_language(catalog.text(tag, "choose-language").into());
}
