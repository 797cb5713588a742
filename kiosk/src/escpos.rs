//! The little of ESC/POS a paper ticket needs, written here rather than
//! taken from a crate: thermal printers cannot shape Arabic or Ethiopic
//! script, so the ticket goes as one raster image (`GS v 0`), and the rest
//! is a reset, a cut and the real-time status queries (`DLE EOT`). The
//! `escpos` crates on crates.io centre on text and code pages we never use.
//! Pure: bytes in, bytes out; the transport is `printer`'s.

/// Dots per line: 58 mm paper prints 48 mm (384 dots), 80 mm prints 72 mm
/// (576 dots), at 8 dots per millimetre.
pub fn dots_for_paper(paper_width_mm: u32) -> Option<u32> {
    match paper_width_mm {
        58 => Some(384),
        80 => Some(576),
        _ => None,
    }
}

/// A one-bit image, rows of `width / 8` bytes, the leftmost dot in the
/// highest bit, 1 for black: the layout `GS v 0` sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raster {
    pub width: u32,
    pub height: u32,
    pub bits: Vec<u8>,
}

impl Raster {
    /// From grey levels (0 black … 255 white), `width` a multiple of 8.
    /// Darker than the middle prints: anti-aliased edges stay sharp and a
    /// QR code's modules stay square.
    pub fn from_grey(width: u32, height: u32, grey: impl IntoIterator<Item = u8>) -> Raster {
        assert!(width.is_multiple_of(8), "a raster's width is whole bytes");
        let row = (width / 8) as usize;
        let mut bits = vec![0u8; row * height as usize];
        for (i, g) in grey.into_iter().enumerate().take(bits.len() * 8) {
            if g < 128 {
                bits[i / 8] |= 0x80 >> (i % 8);
            }
        }
        Raster {
            width,
            height,
            bits,
        }
    }

    pub fn is_black(&self, x: u32, y: u32) -> bool {
        let i = (y * self.width + x) as usize;
        self.bits[i / 8] & (0x80 >> (i % 8)) != 0
    }
}

/// Rows per `GS v 0` command: small enough for every printer's buffer
/// (some take no more than 255 rows at once), large enough to print fast.
const BAND_ROWS: u32 = 240;

/// Resets the printer, prints `ticket`, feeds it past the cutter and cuts.
pub fn ticket_job(ticket: &Raster) -> Vec<u8> {
    let mut job = Vec::with_capacity(ticket.bits.len() + 64);
    job.extend_from_slice(&[0x1b, 0x40]); // ESC @: reset
    let row = (ticket.width / 8) as usize;
    let mut top = 0;
    while top < ticket.height {
        let rows = BAND_ROWS.min(ticket.height - top);
        let (x, y) = (row as u16, rows as u16);
        job.extend_from_slice(&[0x1d, 0x76, 0x30, 0x00]); // GS v 0, normal size
        job.extend_from_slice(&x.to_le_bytes());
        job.extend_from_slice(&y.to_le_bytes());
        let start = top as usize * row;
        job.extend_from_slice(&ticket.bits[start..start + rows as usize * row]);
        top += rows;
    }
    job.extend_from_slice(&[0x1d, 0x56, 0x42, 0x03]); // GS V B 3: feed to the cutter, cut
    job
}

/// The real-time status queries, one answer byte each: the printer
/// (`DLE EOT 1`), why it is offline (`2`) and its paper sensors (`4`).
pub const STATUS_QUERY: [u8; 9] = [0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04];

/// What a printer's status answer means for a visitor's ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Health {
    Ready,
    /// Prints, but the roll is nearly done: staff should change it soon.
    PaperLow,
    PaperOut,
    CoverOpen,
    /// Offline for another reason (an error, the feed button held).
    Offline,
}

impl Health {
    /// Reads the three answers to [`STATUS_QUERY`]; `None` if they are not
    /// status bytes (every one has bit 1 and bit 4 set, bits 0 and 7 clear).
    pub fn from_answers(answers: [u8; 3]) -> Option<Health> {
        if answers.iter().any(|b| b & 0x93 != 0x12) {
            return None;
        }
        let [printer, offline, paper] = answers;
        Some(if paper & 0x60 != 0 || offline & 0x20 != 0 {
            Health::PaperOut
        } else if offline & 0x04 != 0 {
            Health::CoverOpen
        } else if printer & 0x08 != 0 {
            Health::Offline
        } else if paper & 0x0c != 0 {
            Health::PaperLow
        } else {
            Health::Ready
        })
    }

    /// Whether a ticket sent now comes out.
    pub fn prints(self) -> bool {
        matches!(self, Health::Ready | Health::PaperLow)
    }
}

/// The rasters in a job as a printer would read them: how the tests and a
/// fake printer see what was sent. Unknown commands end the reading.
pub fn rasters_in(job: &[u8]) -> Vec<Raster> {
    let mut images: Vec<Raster> = Vec::new();
    let mut rest = job;
    loop {
        match rest {
            [0x1b, 0x40, tail @ ..] => rest = tail,
            [0x1d, 0x56, 0x42, _, tail @ ..] => rest = tail,
            [0x1d, 0x76, 0x30, _, xl, xh, yl, yh, tail @ ..] => {
                let row = u16::from_le_bytes([*xl, *xh]) as usize;
                let rows = u16::from_le_bytes([*yl, *yh]) as usize;
                let Some(data) = tail.get(..row * rows) else {
                    break;
                };
                // Bands of one image follow each other: join them.
                match images.last_mut() {
                    Some(last) if last.width as usize == row * 8 && !data.is_empty() => {
                        last.bits.extend_from_slice(data);
                        last.height += rows as u32;
                    }
                    _ => images.push(Raster {
                        width: (row * 8) as u32,
                        height: rows as u32,
                        bits: data.to_vec(),
                    }),
                }
                rest = &tail[row * rows..];
            }
            _ => break,
        }
    }
    images
}

/// Whether a job ends with a cut.
pub fn is_cut(job: &[u8]) -> bool {
    job.len() >= 4 && job[job.len() - 4..job.len() - 1] == [0x1d, 0x56, 0x42]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tall_ticket_goes_in_bands_and_reads_back_as_one_image() {
        let (w, h) = (576, 1000);
        // A diagonal stripe, so every band differs.
        let grey = (0..w * h).map(|i| if (i % w + i / w) % 7 == 0 { 0 } else { 255 });
        let raster = Raster::from_grey(w, h, grey.map(|g| g as u8));
        let job = ticket_job(&raster);
        assert_eq!(&job[..2], &[0x1b, 0x40]);
        assert!(is_cut(&job));
        let bands = job.windows(3).filter(|w| *w == [0x1d, 0x76, 0x30]).count();
        assert_eq!(bands, 5, "1000 rows in bands of 240");
        assert_eq!(rasters_in(&job), vec![raster.clone()]);
        assert!(raster.is_black(0, 0) && !raster.is_black(1, 0) && raster.is_black(6, 1));
    }

    #[test]
    fn status_answers_say_what_a_visitor_would_get() {
        let ok = [0x12, 0x12, 0x12];
        assert_eq!(Health::from_answers(ok), Some(Health::Ready));
        assert_eq!(
            Health::from_answers([0x12, 0x12, 0x1e]),
            Some(Health::PaperLow)
        );
        assert_eq!(
            Health::from_answers([0x1a, 0x32, 0x72]),
            Some(Health::PaperOut)
        );
        assert_eq!(
            Health::from_answers([0x1a, 0x16, 0x12]),
            Some(Health::CoverOpen)
        );
        assert_eq!(
            Health::from_answers([0x1a, 0x52, 0x12]),
            Some(Health::Offline)
        );
        assert_eq!(
            Health::from_answers([0x00, 0x12, 0x12]),
            None,
            "not a status byte"
        );
        assert!(Health::PaperLow.prints() && !Health::PaperOut.prints());
    }

    #[test]
    fn paper_widths_are_the_two_the_printers_come_in() {
        assert_eq!(dots_for_paper(58), Some(384));
        assert_eq!(dots_for_paper(80), Some(576));
        assert_eq!(dots_for_paper(60), None);
    }
}
