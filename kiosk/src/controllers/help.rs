//! "Ask for help" on every screen, and closing what it answered.

use std::rc::Rc;

use slint::ComponentHandle;

use super::with;
use crate::{app::Kiosk, HelpAdapter};

pub fn setup(kiosk: &Rc<Kiosk>) {
    let help = kiosk.window.global::<HelpAdapter>();
    help.on_ask(with(kiosk, |k| k.ask_for_help()));
    help.on_close(with(kiosk, |k| k.close_help()));
}
