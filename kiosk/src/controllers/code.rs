//! The keypad for a booked visit's code.

use std::rc::Rc;

use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use super::{with, with_str};
use crate::{app::Kiosk, AppWindow, CodeAdapter};

/// How many digits a code has.
pub const DIGITS: usize = 6;

pub fn setup(kiosk: &Rc<Kiosk>) {
    let adapter = kiosk.window.global::<CodeAdapter>();
    adapter.on_digit(with_str(kiosk, |k, d| k.code_digit(d)));
    adapter.on_erase(with(kiosk, |k| k.code_erase()));
    adapter.on_done(with(kiosk, |k| k.code_done()));
    adapter.on_without(with(kiosk, |k| k.code_without()));
    adapter.on_back(with(kiosk, |k| k.back()));
}

/// Shows what has been typed, and whether the last code was unknown.
pub fn show(window: &AppWindow, digits: &str, wrong: bool, required: bool) {
    let adapter = window.global::<CodeAdapter>();
    let places: Vec<SharedString> = (0..DIGITS)
        .map(|i| digits.get(i..=i).unwrap_or("").into())
        .collect();
    adapter.set_places(ModelRc::new(VecModel::from(places)));
    adapter.set_typed(digits.len() as i32);
    adapter.set_digits(digits.into());
    adapter.set_wrong(wrong);
    adapter.set_required(required);
}

pub fn wrong(window: &AppWindow) -> bool {
    window.global::<CodeAdapter>().get_wrong()
}
