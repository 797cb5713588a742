//! The errand screen.

use std::rc::Rc;

use slint::ComponentHandle;

use super::with;
use crate::{app::Kiosk, ErrandAdapter};

pub fn setup(kiosk: &Rc<Kiosk>) {
    let adapter = kiosk.window.global::<ErrandAdapter>();
    let weak = Rc::downgrade(kiosk);
    adapter.on_choose(move |errand| {
        if let Some(kiosk) = weak.upgrade() {
            kiosk.choose_errand(&errand);
        }
    });
    adapter.on_back(with(kiosk, |k| k.back()));
}
