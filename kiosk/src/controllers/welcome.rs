//! The welcome screen: picking a language starts a visit.

use std::rc::Rc;

use slint::ComponentHandle;

use crate::{app::Kiosk, WelcomeAdapter};

pub fn setup(kiosk: &Rc<Kiosk>) {
    let weak = Rc::downgrade(kiosk);
    kiosk
        .window
        .global::<WelcomeAdapter>()
        .on_choose(move |tag| {
            if let Some(kiosk) = weak.upgrade() {
                kiosk.choose_language(&tag);
            }
        });
}
