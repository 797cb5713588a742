//! Everything Vägvisare says to a person comes from the Fluent files beside
//! this crate, one folder per BCP 47 language tag, embedded at build time.
//!
//! Lookups fall back from the tag to its language ("fa-AF" to "fa") and then
//! to Swedish, the source language. Fluent's bidi isolation stays on: it
//! keeps a number or a desk inside right-to-left text in the right order.

use std::collections::HashMap;

use fluent_bundle::{concurrent::FluentBundle, FluentArgs, FluentResource};
pub use fluent_bundle::{FluentArgs as Args, FluentValue as Value};
use unic_langid::LanguageIdentifier;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The source language, and the end of every fallback chain.
pub const SOURCE: &str = "sv";

/// The languages DESIGN.md promises residents, in its order: the order a
/// kiosk shows them until it knows its site's own, and a site's default.
pub const RESIDENT_LANGUAGES: [&str; 15] = [
    "sv", "ar", "so", "ti", "fi", "fa", "fa-AF", "ckb", "kmr", "en", "uk", "am", "ps", "bs", "tr",
];

/// The embedded files: (language tag, file name, contents).
pub fn files() -> &'static [(&'static str, &'static str, &'static str)] {
    embedded::FILES
}

/// Is this language written right to left?
pub fn is_rtl(tag: &str) -> bool {
    let primary = tag.split('-').next().unwrap_or(tag);
    matches!(primary, "ar" | "fa" | "ckb" | "ps" | "ur" | "he" | "prs")
}

/// Every embedded language, ready to format messages.
pub struct Catalog {
    bundles: HashMap<String, FluentBundle<FluentResource>>,
}

impl Catalog {
    /// Builds the catalog from the embedded files. A file that does not parse
    /// is a build-time mistake the tests catch; here it is reported, not hidden.
    pub fn embedded() -> Result<Catalog, String> {
        let mut bundles: HashMap<String, FluentBundle<FluentResource>> = HashMap::new();
        for (tag, name, text) in files() {
            let resource = FluentResource::try_new(text.to_string())
                .map_err(|(_, errors)| format!("{tag}/{name} does not parse: {errors:?}"))?;
            let bundle = bundles.entry(tag.to_string()).or_insert_with(|| {
                let id: LanguageIdentifier = tag.parse().unwrap_or_default();
                FluentBundle::new_concurrent(vec![id])
            });
            bundle
                .add_resource(resource)
                .map_err(|errors| format!("{tag}/{name} repeats messages: {errors:?}"))?;
        }
        if !bundles.contains_key(SOURCE) {
            return Err(format!("no {SOURCE} translations are embedded"));
        }
        Ok(Catalog { bundles })
    }

    /// The language tags that have translations.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.bundles.keys().map(String::as_str)
    }

    pub fn has(&self, tag: &str) -> bool {
        self.bundles.contains_key(tag)
    }

    /// Does `tag` itself (or its language, "fa" for "fa-AF") have message
    /// `id`, without falling back to Swedish?
    pub fn has_text(&self, tag: &str, id: &str) -> bool {
        let primary = tag.split('-').next().unwrap_or(tag);
        [tag, primary]
            .iter()
            .filter_map(|t| self.bundles.get(*t))
            .any(|bundle| bundle.has_message(id))
    }

    /// The text of message `id` in `tag`, without arguments.
    pub fn text(&self, tag: &str, id: &str) -> String {
        self.format(tag, id, None)
    }

    /// The text of message `id` in `tag`, with arguments.
    pub fn text_with(&self, tag: &str, id: &str, args: &FluentArgs) -> String {
        self.format(tag, id, Some(args))
    }

    fn chain<'a>(
        &'a self,
        tag: &'a str,
    ) -> impl Iterator<Item = &'a FluentBundle<FluentResource>> + 'a {
        let primary = tag.split('-').next().unwrap_or(tag);
        [tag, primary, SOURCE]
            .into_iter()
            .filter_map(move |t| self.bundles.get(t))
    }

    fn format(&self, tag: &str, id: &str, args: Option<&FluentArgs>) -> String {
        for bundle in self.chain(tag) {
            if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, args, &mut errors);
                return text.into_owned();
            }
        }
        // Only reachable for an id no language has: the completeness test
        // keeps that from shipping; showing the id beats showing nothing.
        id.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_is_embedded_and_lookups_fall_back_to_it() {
        let catalog = Catalog::embedded().unwrap();
        assert_eq!(catalog.text("sv", "answer-yes"), "Ja");
        assert_eq!(catalog.text("xx", "answer-yes"), "Ja");
        assert_eq!(catalog.text("sv", "no-such-message"), "no-such-message");
    }

    #[test]
    fn right_to_left_languages_are_known() {
        for tag in ["ar", "fa", "fa-AF", "ckb", "ps"] {
            assert!(is_rtl(tag), "{tag}");
        }
        for tag in ["sv", "so", "ti", "kmr", "en", "tr"] {
            assert!(!is_rtl(tag), "{tag}");
        }
    }
}
