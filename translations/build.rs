//! Embeds every `<tag>/<file>.ftl` below this crate, so the kiosk and the
//! server carry their texts inside the binary and cannot start without them.

use std::{env, fs, path::Path};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for entry in fs::read_dir(root).expect("read translations/") {
        let dir = entry.expect("dir entry").path();
        let Some(tag) = dir.file_name().and_then(|n| n.to_str()).map(str::to_owned) else {
            continue;
        };
        if !dir.is_dir()
            || matches!(tag.as_str(), "src" | "tests" | "target")
            || tag.starts_with('.')
        {
            continue;
        }
        println!("cargo:rerun-if-changed={}", dir.display());
        for file in fs::read_dir(&dir).expect("read language folder") {
            let path = file.expect("file entry").path();
            if path.extension().is_some_and(|e| e == "ftl") {
                println!("cargo:rerun-if-changed={}", path.display());
                let name = path.file_name().unwrap().to_str().unwrap().to_owned();
                files.push((tag.clone(), name, path));
            }
        }
    }
    files.sort();
    let mut out = String::from("/// (language tag, file name, contents) of every embedded .ftl file.\npub static FILES: &[(&str, &str, &str)] = &[\n");
    for (tag, name, path) in &files {
        out += &format!(
            "    ({tag:?}, {name:?}, include_str!({:?})),\n",
            path.display().to_string()
        );
    }
    out += "];\n";
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("embedded.rs");
    fs::write(dest, out).expect("write embedded.rs");
}
