//! The QR code that opens the visitor's status page on their phone.

use qrcode::{Color, EcLevel, QrCode};
use slint::{Image, Rgb8Pixel, SharedPixelBuffer};

/// Pixels per module: crisp when scaled down to the ticket's QR area.
const SCALE: usize = 10;
/// The light border a scanner needs, in modules.
const QUIET: usize = 4;

/// Draws `url` as a black-on-white QR code; `None` if it is too long to encode.
pub fn image(url: &str) -> Option<Image> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let modules = code.width();
    let colors = code.to_colors();
    let side = (modules + 2 * QUIET) * SCALE;
    let mut buffer = SharedPixelBuffer::<Rgb8Pixel>::new(side as u32, side as u32);
    let pixels = buffer.make_mut_slice();
    for (i, pixel) in pixels.iter_mut().enumerate() {
        let (x, y) = (i % side / SCALE, i / side / SCALE);
        let dark = x >= QUIET
            && y >= QUIET
            && x < modules + QUIET
            && y < modules + QUIET
            && colors[(y - QUIET) * modules + (x - QUIET)] == Color::Dark;
        let v = if dark { 0 } else { 255 };
        *pixel = Rgb8Pixel { r: v, g: v, b: v };
    }
    Some(Image::from_rgb8(buffer))
}
