//! `cargo run -p kiosk --bin screens -- [OUT_DIR]`: every screen in every
//! language, mode and size as PNG (default `target/screens`); fails on a
//! blank one. The layout checks run in `cargo test -p kiosk --test screens`.

use std::{path::PathBuf, process::ExitCode};

fn main() -> ExitCode {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "target/screens".into()),
    );
    match kiosk::screens::render_all(&out, &mut |_, _, _| {}) {
        Ok(problems) if problems.is_empty() => {
            println!("screens written to {}", out.display());
            ExitCode::SUCCESS
        }
        Ok(problems) => {
            for p in problems {
                eprintln!("{p}");
            }
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
