//! "Ask for help" on every screen, and closing what it answered.

use std::rc::Rc;

use slint::ComponentHandle;

use super::with;
use crate::{app::HelpState, app::Kiosk, AppWindow, HelpAdapter};

pub fn setup(kiosk: &Rc<Kiosk>) {
    let help = kiosk.window.global::<HelpAdapter>();
    help.on_ask(with(kiosk, |k| k.ask_for_help()));
    help.on_close(with(kiosk, |k| k.close_help()));
}

pub fn state(window: &AppWindow) -> HelpState {
    match window.global::<HelpAdapter>().get_state() {
        1 => HelpState::Sending,
        2 => HelpState::Told,
        3 => HelpState::Unreachable,
        _ => HelpState::None,
    }
}

pub fn set_state(window: &AppWindow, state: HelpState) {
    window.global::<HelpAdapter>().set_state(state as i32);
}
