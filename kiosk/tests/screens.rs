//! Every screen in every language, rendered to `target/screens/*.png`; fails
//! on a blank image, an empty title or greeting, or a language no font covers.

#[test]
fn every_screen_in_every_language_renders_with_visible_text() {
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screens");
    let problems = kiosk::screens::render_all(&out).unwrap();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let pngs = std::fs::read_dir(&out)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "png")
        })
        .count();
    println!("{pngs} screenshots in {}", out.display());
    assert!(pngs >= 15 * 7, "{pngs}");
}
