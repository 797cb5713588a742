//! One controller per screen (and one for the language, the tools and the
//! overlays): each writes its part of the window's adapters and wires its
//! callbacks to the kiosk's state in `app.rs`. They hold only weak
//! references, so the window owns nothing that owns it back.

pub mod code;
pub mod errand;
pub mod help;
pub mod idle;
pub mod language;
pub mod questions;
pub mod ticket;
pub mod welcome;

use std::rc::Rc;

use slint::ComponentHandle;

use crate::{app::Kiosk, Kiosk as KioskGlobal};

pub use errand::Errand;

pub fn setup(kiosk: &Rc<Kiosk>) {
    welcome::setup(kiosk);
    errand::setup(kiosk);
    questions::setup(kiosk);
    code::setup(kiosk);
    ticket::setup(kiosk);
    idle::setup(kiosk);
    help::setup(kiosk);
    let global = kiosk.window.global::<KioskGlobal>();
    global.on_touched(with(kiosk, |k| k.touched()));
    global.on_read_aloud(with(kiosk, |k| k.read_aloud()));
    global.on_change_language(with(kiosk, |k| k.change_language()));
    global.on_mail(with(kiosk, |k| k.read_mail()));
}

/// Wraps a handler so it runs with the kiosk, if it still exists.
fn with(kiosk: &Rc<Kiosk>, f: impl Fn(&Rc<Kiosk>) + 'static) -> impl Fn() + 'static {
    let weak = Rc::downgrade(kiosk);
    move || {
        if let Some(kiosk) = weak.upgrade() {
            f(&kiosk);
        }
    }
}

/// The same, for a handler that gets a string (a language tag, an errand).
fn with_str(
    kiosk: &Rc<Kiosk>,
    f: impl Fn(&Rc<Kiosk>, &str) + 'static,
) -> impl Fn(slint::SharedString) + 'static {
    let weak = Rc::downgrade(kiosk);
    move |s| {
        if let Some(kiosk) = weak.upgrade() {
            f(&kiosk, &s);
        }
    }
}
