//! One controller per screen: each wires its screen's adapter callbacks to
//! the kiosk's state. They hold only weak references, so the window owns
//! nothing that owns it back.

mod errand;
mod help;
mod idle;
mod questions;
mod ticket;
mod welcome;

use std::rc::Rc;

use slint::ComponentHandle;

use crate::{app::Kiosk, Kiosk as KioskGlobal};

pub fn setup(kiosk: &Rc<Kiosk>) {
    welcome::setup(kiosk);
    errand::setup(kiosk);
    questions::setup(kiosk);
    ticket::setup(kiosk);
    idle::setup(kiosk);
    help::setup(kiosk);
    let weak = Rc::downgrade(kiosk);
    kiosk.window.global::<KioskGlobal>().on_touched(move || {
        if let Some(kiosk) = weak.upgrade() {
            kiosk.touched();
        }
    });
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
