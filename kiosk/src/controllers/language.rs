//! The visitor's language on every screen: every text, the reading
//! direction, the language button's name; and the display modes that go
//! with the visitor.

use slint::{ComponentHandle, SharedString};
use translations::Catalog;

use crate::{AppWindow, Kiosk as KioskGlobal, ModeTexts, Texts, Theme};

/// Sets every text of the screens to `tag`'s, and the reading direction.
pub fn show(window: &AppWindow, catalog: &Catalog, tag: &str) {
    let t = |id: &str| -> SharedString { catalog.text(tag, id).into() };
    let texts = window.global::<Texts>();
    texts.set_choose_errand(t("choose-errand"));
    texts.set_question_appointment(t("question-appointment"));
    texts.set_question_interpreter(t("question-interpreter"));
    texts.set_answer_yes(t("answer-yes"));
    texts.set_answer_no(t("answer-no"));
    texts.set_skip(t("skip"));
    texts.set_back(t("back"));
    texts.set_your_number(t("your-number"));
    texts.set_one_moment(t("one-moment"));
    texts.set_number_called_out(t("number-called-out"));
    texts.set_scan_to_follow(t("scan-to-follow"));
    texts.set_done(t("done"));
    texts.set_still_there(t("still-there"));
    texts.set_need_more_time(t("need-more-time"));
    texts.set_help_button(t("help-button"));
    texts.set_help_sent(t("help-sent"));
    texts.set_help_failed(t("help-failed"));
    texts.set_help_close(t("help-close"));
    texts.set_read_aloud(t("read-aloud"));
    texts.set_change_language(t("change-language"));
    texts.set_code_title(t("code-title"));
    texts.set_code_hint(t("code-hint"));
    texts.set_code_erase(t("code-erase"));
    texts.set_code_done(t("code-done"));
    texts.set_code_without(t("code-without"));
    texts.set_code_no_booking(t("code-no-booking"));
    texts.set_code_unknown(t("code-unknown"));
    let modes = window.global::<ModeTexts>();
    modes.set_larger_text(t("larger-text"));
    modes.set_high_contrast(t("high-contrast"));
    window.global::<Theme>().set_rtl(translations::is_rtl(tag));
    window
        .global::<KioskGlobal>()
        .set_language_name(t("language-name"));
}

/// The welcome screen is the language list of a visit in progress: it
/// shows Back.
pub fn set_changing(window: &AppWindow, changing: bool) {
    window
        .global::<KioskGlobal>()
        .set_changing_language(changing);
}

/// Large text and high contrast off, for the next visitor.
pub fn reset_modes(window: &AppWindow) {
    let theme = window.global::<Theme>();
    theme.set_large_text(false);
    theme.set_high_contrast(false);
}
