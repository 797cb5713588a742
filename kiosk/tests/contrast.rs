//! Text contrast at least 4.5:1 and controls at least 3:1 against what they
//! sit on (WCAG 2.1, 1.4.3 and 1.4.11), in normal and high-contrast mode,
//! computed from the theme the screens really use.

use kiosk::{AppWindow, Theme};
use slint::{Color, ComponentHandle};

fn luminance(c: Color) -> f64 {
    let channel = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())
}

fn ratio(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[test]
fn text_and_controls_have_enough_contrast_in_both_modes() {
    i_slint_backend_testing::init_no_event_loop();
    let window = AppWindow::new().unwrap();
    let theme = window.global::<Theme>();
    for high in [false, true] {
        theme.set_high_contrast(high);
        let text_pairs = [
            (
                "text on background",
                theme.get_text(),
                theme.get_background(),
            ),
            ("text on surface", theme.get_text(), theme.get_surface()),
            (
                "text on pressed surface",
                theme.get_text(),
                theme.get_surface_pressed(),
            ),
            (
                "muted text on background",
                theme.get_muted_text(),
                theme.get_background(),
            ),
            (
                "button text on accent",
                theme.get_on_accent(),
                theme.get_accent(),
            ),
            (
                "button text on pressed accent",
                theme.get_on_accent(),
                theme.get_accent_pressed(),
            ),
            (
                "No's text on its red-brown",
                theme.get_on_refuse(),
                theme.get_refuse(),
            ),
            (
                "No's text when pressed",
                theme.get_on_refuse(),
                theme.get_refuse_pressed(),
            ),
            (
                "ticket number on background",
                theme.get_number(),
                theme.get_background(),
            ),
        ];
        for (what, fg, bg) in text_pairs {
            let r = ratio(fg, bg);
            println!("high contrast {high}: {what}: {r:.1}:1");
            assert!(r >= 4.5, "high contrast {high}: {what} is only {r:.2}:1");
        }
        let control_pairs = [
            (
                "control outline on background",
                theme.get_outline(),
                theme.get_background(),
            ),
            (
                "filled button on background",
                theme.get_accent(),
                theme.get_background(),
            ),
            (
                "No button on background",
                theme.get_refuse(),
                theme.get_background(),
            ),
            (
                "outline on surface",
                theme.get_outline(),
                theme.get_surface(),
            ),
        ];
        for (what, fg, bg) in control_pairs {
            let r = ratio(fg, bg);
            println!("high contrast {high}: {what}: {r:.1}:1");
            assert!(r >= 3.0, "high contrast {high}: {what} is only {r:.2}:1");
        }
    }
}
