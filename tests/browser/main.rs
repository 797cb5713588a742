//! The web pages in a real headless Chromium, driven through WebDriver as a
//! counsellor, a display board and a visitor's phone would use them.
//! Screenshots land in `target/screenshots/` for a person to look at.

mod harness;
mod pages;
