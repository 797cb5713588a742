//! Drawing the kiosk without a display: Slint's software renderer into
//! memory, for the screenshot script and the tests that check every
//! language's text really appears.

use std::{path::Path, rc::Rc};

use anyhow::Context;
use slint::{
    platform::{
        software_renderer::{MinimalSoftwareWindow, RepaintBufferType},
        Platform, WindowAdapter,
    },
    PhysicalSize, PlatformError, Rgb8Pixel,
};

struct Headless {
    window: Rc<MinimalSoftwareWindow>,
}

impl Platform for Headless {
    fn create_window_adapter(&self) -> Result<Rc<dyn WindowAdapter>, PlatformError> {
        Ok(self.window.clone())
    }
}

/// An off-screen window of a fixed size.
pub struct Canvas {
    window: Rc<MinimalSoftwareWindow>,
    pub width: u32,
    pub height: u32,
}

impl Canvas {
    /// Makes this thread draw into memory. Call before any window exists.
    pub fn install(width: u32, height: u32) -> anyhow::Result<Canvas> {
        let window = MinimalSoftwareWindow::new(RepaintBufferType::NewBuffer);
        window.set_size(PhysicalSize::new(width, height));
        slint::platform::set_platform(Box::new(Headless {
            window: window.clone(),
        }))
        .map_err(|e| anyhow::anyhow!("cannot install the off-screen platform: {e}"))?;
        Ok(Canvas {
            window,
            width,
            height,
        })
    }

    /// Changes the size of the off-screen window.
    pub fn resize(&mut self, width: u32, height: u32) {
        self.window.set_size(PhysicalSize::new(width, height));
        self.width = width;
        self.height = height;
    }

    /// Renders the current state of the window.
    pub fn draw(&self) -> Frame {
        slint::platform::update_timers_and_animations();
        let mut pixels = vec![Rgb8Pixel::default(); (self.width * self.height) as usize];
        self.window.request_redraw();
        self.window.draw_if_needed(|renderer| {
            renderer.render(&mut pixels, self.width as usize);
        });
        Frame {
            pixels,
            width: self.width,
            height: self.height,
        }
    }
}

pub struct Frame {
    pub pixels: Vec<Rgb8Pixel>,
    pub width: u32,
    pub height: u32,
}

impl Frame {
    /// How many distinct colours a rectangle holds: one means nothing is drawn there.
    pub fn colours_in(&self, x: u32, y: u32, w: u32, h: u32) -> usize {
        let mut seen = std::collections::HashSet::new();
        for row in y..(y + h).min(self.height) {
            for col in x..(x + w).min(self.width) {
                let p = self.pixels[(row * self.width + col) as usize];
                seen.insert((p.r, p.g, p.b));
            }
        }
        seen.len()
    }

    pub fn is_blank(&self) -> bool {
        self.colours_in(0, 0, self.width, self.height) <= 1
    }

    pub fn save_png(&self, path: &Path) -> anyhow::Result<()> {
        let file = std::fs::File::create(path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), self.width, self.height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header()?;
        let bytes: Vec<u8> = self.pixels.iter().flat_map(|p| [p.r, p.g, p.b]).collect();
        writer.write_image_data(&bytes)?;
        Ok(())
    }
}
