//! The paper ticket: what it says, in the visitor's language and, for
//! staff, in Swedish, drawn with the kiosk's own software renderer at the
//! printer's width, and turned into the raster `escpos` sends.
//!
//! Drawing needs a thread whose Slint platform draws into memory
//! ([`Canvas::install`]), which the kiosk's window cannot share; so the
//! kiosk prints through a process of its own (`kiosk print-ticket`, see
//! `printing`), as `kiosk print-test` does.

use serde::{Deserialize, Serialize};
use slint::ComponentHandle;
use translations::{Args, Catalog};

use crate::{escpos::Raster, render::Canvas, PaperTicket};

/// Everything on a ticket. Never the errand: a ticket left lying in the
/// waiting room must not say what its holder came for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    /// The visitor's language, a catalog tag.
    pub language: String,
    pub site: String,
    pub number: String,
    pub people_ahead: Option<u32>,
    /// When the visitor checked in, the site's local time: "2026-11-25" and "10:42".
    pub date: String,
    pub time: String,
    /// The status page the QR code opens, if the server gave one.
    pub status_url: Option<String>,
}

/// The Swedish the staff read, whatever the visitor's language.
const STAFF_LANGUAGE: &str = "sv";

/// Draws `ticket` `dots` wide (384 or 576) on `canvas`.
pub fn draw(
    canvas: &mut Canvas,
    catalog: &Catalog,
    ticket: &Ticket,
    dots: u32,
) -> anyhow::Result<Raster> {
    let tag = ticket.language.as_str();
    let paper = PaperTicket::new()?;
    paper.set_paper_width(dots as f32);
    paper.set_rtl(translations::is_rtl(tag));
    paper.set_site(ticket.site.as_str().into());
    paper.set_date(format!("{} {}", ticket.date, ticket.time).into());
    paper.set_your_number(catalog.text(tag, "your-number").into());
    paper.set_number(ticket.number.as_str().into());
    let people = ticket.people_ahead.map(|count| {
        let mut args = Args::new();
        args.set("count", count);
        catalog.text_with(tag, "people-ahead", &args)
    });
    paper.set_people_ahead(people.unwrap_or_default().into());
    let mut args = Args::new();
    args.set("time", ticket.time.as_str());
    paper.set_checked_in(catalog.text_with(tag, "checked-in-at", &args).into());
    if let Some(qr) = ticket.status_url.as_deref().and_then(crate::qr::image) {
        paper.set_qr(qr);
        paper.set_has_qr(true);
        paper.set_scan_to_follow(catalog.text(tag, "scan-to-follow").into());
    }
    paper.set_called_out(catalog.text(tag, "number-called-out").into());
    if tag != STAFF_LANGUAGE {
        paper.set_called_out_swedish(catalog.text(STAFF_LANGUAGE, "number-called-out").into());
    }
    // Laid out at the paper's width, the ticket is as tall as its texts.
    canvas.resize(dots, 4000);
    paper.show()?;
    let height = (paper.get_needed_height().ceil() as u32).clamp(1, 4000);
    canvas.resize(dots, height);
    let frame = canvas.draw();
    let grey = frame.pixels.iter().map(|p| {
        ((u32::from(p.r) * 299 + u32::from(p.g) * 587 + u32::from(p.b) * 114) / 1000) as u8
    });
    let raster = Raster::from_grey(dots, height, grey);
    drop(frame);
    paper.hide()?;
    Ok(raster)
}
