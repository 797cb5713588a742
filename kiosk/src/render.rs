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
    /// Drawn into afresh each time (every pixel is repainted), kept to
    /// spare an allocation per frame.
    buffer: std::cell::RefCell<Vec<Rgb8Pixel>>,
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
            buffer: Default::default(),
        })
    }

    /// Changes the size of the off-screen window.
    pub fn resize(&mut self, width: u32, height: u32) {
        self.window.set_size(PhysicalSize::new(width, height));
        self.width = width;
        self.height = height;
    }

    /// Renders the current state of the window. The frame borrows the
    /// canvas's buffer (copying 2 million pixels per screenshot costs more
    /// than drawing them): drop it before drawing again.
    pub fn draw(&self) -> Frame<'_> {
        slint::platform::update_timers_and_animations();
        let mut pixels = self.buffer.borrow_mut();
        pixels.resize((self.width * self.height) as usize, Rgb8Pixel::default());
        self.window.request_redraw();
        self.window.draw_if_needed(|renderer| {
            renderer.render(&mut pixels, self.width as usize);
        });
        drop(pixels);
        Frame {
            pixels: self.buffer.borrow(),
            width: self.width,
            height: self.height,
        }
    }
}

pub struct Frame<'a> {
    pub pixels: std::cell::Ref<'a, Vec<Rgb8Pixel>>,
    pub width: u32,
    pub height: u32,
}

impl Frame<'_> {
    /// How many distinct colours a rectangle holds: one means nothing is drawn there.
    pub fn colours_in(&self, x: u32, y: u32, w: u32, h: u32) -> usize {
        let mut seen = Vec::with_capacity((w * h) as usize);
        for row in y..(y + h).min(self.height) {
            let start = (row * self.width) as usize;
            let line = &self.pixels
                [start + x.min(self.width) as usize..start + (x + w).min(self.width) as usize];
            seen.extend(line.iter().map(|p| u32::from_be_bytes([0, p.r, p.g, p.b])));
        }
        seen.sort_unstable();
        seen.dedup();
        seen.len()
    }

    /// One colour everywhere.
    pub fn is_blank(&self) -> bool {
        let first = self.pixels.first().copied().unwrap_or_default();
        self.pixels.iter().all(|p| *p == first)
    }

    pub fn save_png(&self, path: &Path) -> anyhow::Result<()> {
        let file = std::fs::File::create(path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), self.width, self.height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        // Hundreds of screenshots per test run: speed over size.
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header()?;
        let mut bytes = Vec::with_capacity(self.pixels.len() * 3);
        for p in self.pixels.iter() {
            bytes.extend_from_slice(&[p.r, p.g, p.b]);
        }
        writer.write_image_data(&bytes)?;
        Ok(())
    }
}
