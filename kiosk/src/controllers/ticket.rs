//! The ticket screen: "Done" starts over for the next visitor.

use std::rc::Rc;

use slint::ComponentHandle;

use super::with;
use crate::{app::Kiosk, TicketAdapter};

pub fn setup(kiosk: &Rc<Kiosk>) {
    kiosk
        .window
        .global::<TicketAdapter>()
        .on_done(with(kiosk, |k| k.reset()));
}
