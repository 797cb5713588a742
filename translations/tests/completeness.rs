//! Every language has every message of the Swedish source, no message the
//! source lacks, and the same variables in each; plural forms are right for
//! languages with more than two.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use translations::{files, Args, Catalog, RESIDENT_LANGUAGES, SOURCE};

type Messages = BTreeMap<String, BTreeSet<String>>;

fn variables_in_pattern(pattern: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            variables_in_expression(expression, out);
        }
    }
}

fn variables_in_expression(expression: &Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        Expression::Select { selector, variants } => {
            variables_in_inline(selector, out);
            for v in variants {
                variables_in_pattern(&v.value, out);
            }
        }
        Expression::Inline(inline) => variables_in_inline(inline, out),
    }
}

fn variables_in_inline(inline: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        InlineExpression::Placeable { expression } => variables_in_expression(expression, out),
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                variables_in_inline(a, out);
            }
        }
        _ => {}
    }
}

/// Message ids with the variables each uses; fails on a syntax error.
fn messages(tag: &str, name: &str, text: &'static str) -> Messages {
    let resource = fluent_syntax::parser::parse(text)
        .unwrap_or_else(|(_, errors)| panic!("{tag}/{name} does not parse: {errors:?}"));
    let mut out = Messages::new();
    for entry in resource.body {
        match entry {
            Entry::Message(m) => {
                let mut vars = BTreeSet::new();
                let value = m
                    .value
                    .unwrap_or_else(|| panic!("{tag}/{name}: {} has no value", m.id.name));
                variables_in_pattern(&value, &mut vars);
                assert!(
                    out.insert(m.id.name.to_string(), vars).is_none(),
                    "{tag}/{name}: {} twice",
                    m.id.name
                );
            }
            Entry::Junk { content } => panic!("{tag}/{name} has junk: {content}"),
            _ => {}
        }
    }
    out
}

#[test]
fn every_language_has_exactly_the_source_messages_with_the_same_variables() {
    let mut by_file: BTreeMap<&str, BTreeMap<&str, Messages>> = BTreeMap::new();
    for (tag, name, text) in files() {
        by_file
            .entry(name)
            .or_default()
            .insert(tag, messages(tag, name, text));
    }
    let mut problems = Vec::new();
    for (name, languages) in &by_file {
        let source = languages
            .get(SOURCE)
            .unwrap_or_else(|| panic!("{name} has no {SOURCE} source"));
        let expected_languages: Vec<&str> = if *name == "visitor.ftl" {
            RESIDENT_LANGUAGES.to_vec()
        } else {
            languages.keys().copied().collect()
        };
        for tag in expected_languages {
            let Some(messages) = languages.get(tag) else {
                problems.push(format!("{tag} lacks {name}"));
                continue;
            };
            for (id, vars) in source {
                match messages.get(id) {
                    None => problems.push(format!("{tag}/{name} lacks {id}")),
                    Some(v) if v != vars => problems.push(format!(
                        "{tag}/{name}: {id} uses {v:?}, the source {vars:?}"
                    )),
                    _ => {}
                }
            }
            for id in messages.keys().filter(|id| !source.contains_key(*id)) {
                problems.push(format!("{tag}/{name} has {id}, which the source lacks"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "translations are incomplete:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_file_says_whether_a_native_speaker_has_reviewed_it() {
    for (tag, name, text) in files() {
        let header: Vec<&str> = text.lines().take_while(|l| l.starts_with('#')).collect();
        assert!(
            header.iter().any(|l| l.starts_with("# Review:")),
            "{tag}/{name} lacks a '# Review:' line"
        );
    }
}

fn people_ahead(catalog: &Catalog, tag: &str, count: i64) -> String {
    let mut args = Args::new();
    args.set("count", count);
    catalog.text_with(tag, "people-ahead", &args)
}

#[test]
fn arabic_uses_all_six_plural_forms() {
    let catalog = Catalog::embedded().unwrap();
    // zero, one, two, few (3–10), many (11–99), other (100–102).
    let forms: BTreeSet<String> = [0, 1, 2, 3, 11, 100]
        .iter()
        .map(|&n| people_ahead(&catalog, "ar", n).replace(&n.to_string(), "#"))
        .collect();
    assert_eq!(forms.len(), 6, "{forms:#?}");
}

#[test]
fn ukrainian_and_bosnian_use_their_few_and_many_forms() {
    let catalog = Catalog::embedded().unwrap();
    let shape = |tag: &str, n: i64| people_ahead(&catalog, tag, n).replace(&n.to_string(), "#");
    // Ukrainian: one (1, 21), few (2–4, 22), many (5–20).
    assert_eq!(shape("uk", 1), shape("uk", 21));
    assert_eq!(shape("uk", 2), shape("uk", 22));
    let uk: BTreeSet<String> = [1, 2, 5].iter().map(|&n| shape("uk", n)).collect();
    assert_eq!(uk.len(), 3, "{uk:#?}");
    // Bosnian: one (1, 21), few (2–4), other (5–20).
    let bs: BTreeSet<String> = [1, 2, 5].iter().map(|&n| shape("bs", n)).collect();
    assert_eq!(bs.len(), 3, "{bs:#?}");
    assert_eq!(shape("bs", 21), shape("bs", 1));
}

#[test]
fn each_language_names_itself_in_its_own_words() {
    let catalog = Catalog::embedded().unwrap();
    let names: BTreeSet<String> = RESIDENT_LANGUAGES
        .iter()
        .map(|t| catalog.text(t, "language-name"))
        .collect();
    assert_eq!(
        names.len(),
        RESIDENT_LANGUAGES.len(),
        "two languages share a name: {names:?}"
    );
    assert_eq!(catalog.text("fi", "language-name"), "Suomi");
}
