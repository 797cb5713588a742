//! The ticket screen: the number, the wait, the QR code; "Done" starts over
//! for the next visitor.

use std::rc::Rc;

use slint::{ComponentHandle, SharedString};
use translations::{Args, Catalog};

use super::with;
use crate::{app::Kiosk, visit::Issued, AppWindow, TicketAdapter};

pub fn setup(kiosk: &Rc<Kiosk>) {
    kiosk
        .window
        .global::<TicketAdapter>()
        .on_done(with(kiosk, |k| k.reset()));
}

/// Before the number is known: "one moment".
pub fn show_pending(window: &AppWindow) {
    let ticket = window.global::<TicketAdapter>();
    ticket.set_number(SharedString::default());
    ticket.set_people_ahead(SharedString::default());
    ticket.set_wait(SharedString::default());
    ticket.set_has_qr(false);
    ticket.set_printer_problem(SharedString::default());
    ticket.set_booking_note(SharedString::default());
}

pub fn show(window: &AppWindow, catalog: &Catalog, tag: &str, issued: &Issued, icon: &str) {
    let ticket = window.global::<TicketAdapter>();
    ticket.set_number(issued.number.clone().unwrap_or_default().into());
    ticket.set_icon(icon.into());
    let people = issued.people_ahead.map(|count| {
        let mut args = Args::new();
        args.set("count", count);
        catalog.text_with(tag, "people-ahead", &args)
    });
    ticket.set_people_ahead(people.unwrap_or_default().into());
    let wait = match (&issued.number, issued.wait) {
        (Some(_), Some(w)) => {
            let mut args = Args::new();
            args.set("low", w.low);
            args.set("high", w.high);
            catalog.text_with(tag, "estimated-wait", &args)
        }
        (Some(_), None) => catalog.text(tag, "wait-unknown"),
        // Neither the server nor the kiosk's own range gave a number.
        (None, _) => catalog.text(tag, "ask-staff"),
    };
    ticket.set_wait(wait.into());
    let note = if issued.booked {
        catalog.text(tag, "code-accepted")
    } else if issued.code_unchecked {
        catalog.text(tag, "code-unchecked")
    } else {
        String::new()
    };
    ticket.set_booking_note(note.into());
    match issued.status_url.as_deref().and_then(crate::qr::image) {
        Some(image) => {
            ticket.set_qr(image);
            ticket.set_has_qr(true);
        }
        None => ticket.set_has_qr(false),
    }
}

/// The ticket could not be printed: why, and to keep the number.
pub fn show_printer_problem(window: &AppWindow, catalog: &Catalog, tag: &str, out_of_paper: bool) {
    let id = if out_of_paper {
        "printer-out-of-paper"
    } else {
        "printer-not-working"
    };
    window
        .global::<TicketAdapter>()
        .set_printer_problem(catalog.text(tag, id).into());
}
