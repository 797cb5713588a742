//! Which languages the system's fonts can show. Slint draws text it has no
//! glyphs for as nothing at all, so a language whose script no installed font
//! covers is dropped at start, with a log line, instead of showing blank
//! buttons. Debian's `fonts-noto-core` covers all fifteen.

use std::collections::{BTreeSet, HashMap};

/// Characters that need no glyph of their own: spaces and the invisible
/// direction marks Fluent puts around arguments.
fn needs_glyph(c: char) -> bool {
    !c.is_whitespace()
        && !matches!(
            c,
            '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{200c}' | '\u{200d}'
        )
}

pub struct Coverage {
    faces: usize,
    covered: BTreeSet<char>,
}

impl Coverage {
    /// Looks through the system's fonts for every character of `texts`.
    pub fn of_system_fonts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Coverage {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        Coverage::of(&db, texts)
    }

    pub fn of<'a>(db: &fontdb::Database, texts: impl IntoIterator<Item = &'a str>) -> Coverage {
        let mut wanted: BTreeSet<char> = texts
            .into_iter()
            .flat_map(str::chars)
            .filter(|&c| needs_glyph(c))
            .collect();
        let mut covered = BTreeSet::new();
        let mut faces = 0;
        for face in db.faces() {
            if wanted.is_empty() {
                break;
            }
            let found: Vec<char> = db
                .with_face_data(face.id, |data, index| {
                    let Ok(parsed) = ttf_parser::Face::parse(data, index) else {
                        return Vec::new();
                    };
                    wanted
                        .iter()
                        .copied()
                        .filter(|&c| parsed.glyph_index(c).is_some())
                        .collect()
                })
                .unwrap_or_default();
            faces += 1;
            for c in found {
                wanted.remove(&c);
                covered.insert(c);
            }
        }
        Coverage {
            faces: faces.max(db.len()),
            covered,
        }
    }

    /// Whether any font at all was found.
    pub fn has_fonts(&self) -> bool {
        self.faces > 0
    }

    /// The characters of `text` that no font has.
    pub fn missing(&self, text: &str) -> Vec<char> {
        let mut missing: Vec<char> = text
            .chars()
            .filter(|&c| needs_glyph(c) && !self.covered.contains(&c))
            .collect();
        missing.dedup();
        missing
    }
}

/// Keeps the languages whose sample texts every character of is covered.
/// `samples` maps each language tag to the texts it shows.
pub fn shown_languages(
    tags: &[String],
    samples: &HashMap<String, Vec<String>>,
    coverage: &Coverage,
) -> Vec<String> {
    tags.iter()
        .filter(|tag| {
            let texts = samples.get(*tag).map(Vec::as_slice).unwrap_or_default();
            let missing: Vec<char> = texts.iter().flat_map(|t| coverage.missing(t)).collect();
            if missing.is_empty() {
                true
            } else {
                tracing::error!(
                    language = %tag,
                    missing = %missing.iter().take(8).collect::<String>(),
                    "no installed font covers this language's script; it is left off the kiosk (install fonts-noto-core)"
                );
                false
            }
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_font_database_covers_nothing_and_drops_every_language() {
        let db = fontdb::Database::new();
        let coverage = Coverage::of(&db, ["Välkommen", "ሰላም"]);
        assert!(!coverage.has_fonts());
        assert_eq!(coverage.missing("ሰላም"), vec!['ሰ', 'ላ', 'ም']);
        let samples = HashMap::from([("am".to_string(), vec!["ሰላም".to_string()])]);
        assert!(shown_languages(&["am".into()], &samples, &coverage).is_empty());
    }

    #[test]
    fn direction_marks_and_spaces_need_no_glyph() {
        let db = fontdb::Database::new();
        let coverage = Coverage::of(&db, []);
        assert!(coverage.missing("\u{2068} \u{2069}").is_empty());
    }
}
