//! Every screen in every language, in normal, large-text and high-contrast
//! modes, at 1920 × 1080 and 1280 × 720, rendered to
//! `target/screens/<size>/<mode>/*.png` and measured: the test fails on a
//! blank screen, an empty title, or a text whose box leaves its button, its
//! screen or the window, or lies over another text or a control it does not
//! belong to (each element's geometry from Slint's element tree).

use i_slint_backend_testing::{ElementHandle, ElementQuery};
use kiosk::AppWindow;
use slint::ComponentHandle;

/// One element's box, in window coordinates.
#[derive(Debug, Clone, Copy)]
struct Box2 {
    x: f32,
    y: f32,
    w: f32,
    h: f32,
}

impl Box2 {
    fn of(e: &ElementHandle) -> Box2 {
        let (p, s) = (e.absolute_position(), e.size());
        Box2 {
            x: p.x,
            y: p.y,
            w: s.width,
            h: s.height,
        }
    }

    /// Inside `outer`, give or take a pixel of rounding.
    fn inside(&self, outer: &Box2) -> bool {
        self.x >= outer.x - 1.0
            && self.y >= outer.y - 1.0
            && self.x + self.w <= outer.x + outer.w + 1.0
            && self.y + self.h <= outer.y + outer.h + 1.0
    }

    fn overlaps(&self, other: &Box2) -> bool {
        let w = (self.x + self.w).min(other.x + other.w) - self.x.max(other.x);
        let h = (self.y + self.h).min(other.y + other.h) - self.y.max(other.y);
        w > 2.0 && h > 2.0
    }

    fn same(&self, other: &Box2) -> bool {
        (self.x - other.x).abs() < 0.5
            && (self.y - other.y).abs() < 0.5
            && (self.w - other.w).abs() < 0.5
            && (self.h - other.h).abs() < 0.5
    }
}

/// The controls a text may sit in.
const CONTROLS: [&str; 8] = [
    "BigButton",
    "LanguageButton",
    "Answer",
    "Tool",
    "Toggle",
    "BackButton",
    "StatusMark",
    "Steps",
];

fn is(e: &ElementHandle, names: &[&str]) -> bool {
    e.type_name().is_some_and(|t| names.contains(&t.as_str()))
        || e.bases()
            .is_some_and(|mut b| b.any(|t| names.contains(&t.as_str())))
}

fn label(e: &ElementHandle) -> String {
    e.accessible_label()
        .map(|l| l.to_string())
        .filter(|l| !l.is_empty())
        .or_else(|| e.type_name().map(|t| t.to_string()))
        .unwrap_or_default()
}

fn inspect(window: &AppWindow, name: &str, problems: &mut Vec<String>) {
    let size = window.window().size();
    let scale = window.window().scale_factor();
    let screen = Box2 {
        x: 0.0,
        y: 0.0,
        w: size.width as f32 / scale,
        h: size.height as f32 / scale,
    };
    let all = ElementQuery::from_root(window).find_all();
    // With an overlay up, only the overlay is seen.
    let overlay = all
        .iter()
        .find(|e| is(e, &["HelpOverlay", "IdleOverlay"]) && Box2::of(e).w > 0.0);
    let scope: Vec<ElementHandle> = match overlay {
        Some(o) => o.query_descendants().find_all(),
        None => all,
    };
    let texts: Vec<(ElementHandle, Box2)> = scope
        .iter()
        .filter(|e| e.type_name().as_deref() == Some("Text"))
        .filter(|e| !e.accessible_label().unwrap_or_default().trim().is_empty())
        .map(|e| (e.clone(), Box2::of(e)))
        .filter(|(_, b)| b.w > 0.0 && b.h > 0.0)
        .collect();
    let scrolls: Vec<Box2> = scope
        .iter()
        .filter(|e| is(e, &["Scrolling"]))
        .map(Box2::of)
        .collect();
    let controls: Vec<(ElementHandle, Box2, Vec<Box2>)> = scope
        .iter()
        .filter(|e| is(e, &CONTROLS))
        .map(|c| {
            let inner = c
                .query_descendants()
                .match_type_name("Text")
                .find_all()
                .iter()
                .map(Box2::of)
                .collect();
            (c.clone(), Box2::of(c), inner)
        })
        .collect();
    // A list that scrolls shows only what is inside it: a text there is
    // measured as far as it is seen.
    let seen = |b: &Box2| -> Box2 {
        match scrolls
            .iter()
            .find(|s| b.x >= s.x - 1.0 && b.x + b.w <= s.x + s.w + 1.0 && b.y >= s.y - 1.0)
        {
            Some(s) => {
                let bottom = (b.y + b.h).min(s.y + s.h);
                Box2 {
                    h: (bottom - b.y).max(0.0),
                    ..*b
                }
            }
            None => *b,
        }
    };
    let texts: Vec<(ElementHandle, Box2, Box2)> =
        texts.into_iter().map(|(t, b)| (t, b, seen(&b))).collect();
    for (text, b, visible) in &texts {
        let what = format!("{name}: text {:?}", label(text));
        if visible.h > 0.0 && !visible.inside(&screen) {
            problems.push(format!("{what} leaves the window at {b:?}"));
        }
        for (control, c, inner) in &controls {
            let belongs = inner.iter().any(|i| i.same(b));
            if belongs && !b.inside(c) {
                problems.push(format!(
                    "{what} leaves its {:?} ({b:?} in {c:?})",
                    label(control)
                ));
            }
            if !belongs && visible.overlaps(c) {
                problems.push(format!(
                    "{what} lies over {:?} ({b:?} on {c:?})",
                    label(control)
                ));
            }
        }
    }
    let texts: Vec<(ElementHandle, Box2)> = texts.into_iter().map(|(t, _, v)| (t, v)).collect();
    for (i, (t1, b1)) in texts.iter().enumerate() {
        for (t2, b2) in &texts[i + 1..] {
            if b1.overlaps(b2) && !b1.same(b2) {
                problems.push(format!(
                    "{name}: texts {:?} and {:?} overlap ({b1:?}, {b2:?})",
                    label(t1),
                    label(t2)
                ));
            }
        }
    }
}

#[test]
fn every_screen_in_every_language_mode_and_size_is_laid_out_without_overlap() {
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screens");
    let _ = std::fs::remove_dir_all(&out);
    let problems = kiosk::screens::render_all(&out, &mut inspect).unwrap();
    let pngs = walk(&out);
    println!("{pngs} screenshots in {}", out.display());
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(pngs >= 15 * 10 * 3 * 2, "{pngs}");
}

fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            if p.is_dir() {
                walk(&p)
            } else {
                usize::from(p.extension().is_some_and(|x| x == "png"))
            }
        })
        .sum()
}
