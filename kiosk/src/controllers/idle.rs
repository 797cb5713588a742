//! The idle warning: "Are you still there?", the seconds counting down,
//! and "I need more time".

use std::rc::Rc;

use slint::ComponentHandle;
use translations::{Args, Catalog};

use super::with;
use crate::{app::Kiosk, idle::WARNING, AppWindow, IdleAdapter};

pub fn setup(kiosk: &Rc<Kiosk>) {
    kiosk
        .window
        .global::<IdleAdapter>()
        .on_more_time(with(kiosk, |k| k.touched()));
}

pub fn show(window: &AppWindow, catalog: &Catalog, tag: &str, seconds_left: u64) {
    let mut args = Args::new();
    args.set("seconds", seconds_left);
    let idle = window.global::<IdleAdapter>();
    idle.set_countdown(catalog.text_with(tag, "returning-in", &args).into());
    idle.set_seconds_left(seconds_left as i32);
    idle.set_seconds_total(WARNING.as_secs() as i32);
    idle.set_warning(true);
}

pub fn hide(window: &AppWindow) {
    window.global::<IdleAdapter>().set_warning(false);
}
