//! The idle warning's "I need more time".

use std::rc::Rc;

use slint::ComponentHandle;

use super::with;
use crate::{app::Kiosk, IdleAdapter};

pub fn setup(kiosk: &Rc<Kiosk>) {
    kiosk
        .window
        .global::<IdleAdapter>()
        .on_more_time(with(kiosk, |k| k.touched()));
}
