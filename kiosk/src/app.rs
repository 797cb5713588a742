//! The kiosk's state on the UI thread: the visit in progress, the language
//! shown, the site's configuration, and the idle clock. Controllers change it
//! through the methods here; the worker's reports arrive through
//! [`with_kiosk`].

use std::{
    cell::RefCell,
    collections::HashMap,
    rc::Rc,
    sync::Arc,
    time::{Duration, Instant},
};

use protocol::KioskConfig;
use slint::{ComponentHandle, ModelRc, SharedString, VecModel};
use translations::{Args, Catalog};

use crate::{
    idle::{IdleClock, IdleStep},
    sync::{CheckinPort, Report},
    visit::{Issued, Visit},
    AppWindow, ErrandAdapter, ErrandChoice, HelpAdapter, IdleAdapter, Kiosk as KioskGlobal,
    LanguageChoice, ModeTexts, QuestionsAdapter, Texts, Theme, TicketAdapter, WelcomeAdapter,
};

/// The screens, as `Kiosk.screen` numbers them in `ui/widgets.slint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Welcome = 0,
    Errand = 1,
    Questions = 2,
    Ticket = 3,
}

/// Where a request for help stands, as `HelpAdapter.state` numbers it in
/// `ui/widgets.slint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpState {
    None = 0,
    Sending = 1,
    Told = 2,
    Unreachable = 3,
}

/// The languages DESIGN.md names, in its order: the list a kiosk shows until
/// it knows its site's own.
pub const RESIDENT_LANGUAGES: [&str; 15] = [
    "sv", "ar", "so", "ti", "fi", "fa", "fa-AF", "ckb", "kmr", "en", "uk", "am", "ps", "bs", "tr",
];

/// How often the greeting changes language.
const GREETING_EVERY: Duration = Duration::from_secs(3);

pub struct Kiosk {
    pub window: AppWindow,
    catalog: Arc<Catalog>,
    port: Box<dyn CheckinPort>,
    /// Languages the installed fonts can show; others never appear.
    showable: Vec<String>,
    state: RefCell<State>,
}

struct State {
    visit: Visit,
    /// Counts visits, so a number that arrives after the visitor has gone is
    /// not shown to the next one.
    visit_seq: u64,
    config: Option<KioskConfig>,
    languages: Vec<String>,
    idle: IdleClock,
    greeting: usize,
    greeting_changed: Instant,
}

thread_local! {
    static CURRENT: RefCell<Option<Rc<Kiosk>>> = const { RefCell::new(None) };
}

/// Runs `f` with the kiosk of this (UI) thread, if there is one. Reports
/// from the worker arrive here through `slint::invoke_from_event_loop`.
pub fn with_kiosk(f: impl FnOnce(&Rc<Kiosk>)) {
    if let Some(kiosk) = CURRENT.with(|c| c.borrow().clone()) {
        f(&kiosk);
    }
}

/// The sample texts of each language that must have glyphs to be shown.
pub fn font_samples(catalog: &Catalog) -> HashMap<String, Vec<String>> {
    catalog
        .languages()
        .map(|tag| {
            let texts = [
                "language-name",
                "greeting",
                "choose-errand",
                "your-number",
                "need-more-time",
            ]
            .iter()
            .map(|id| catalog.text(tag, id))
            .collect();
            (tag.to_string(), texts)
        })
        .collect()
}

impl Kiosk {
    /// Builds the kiosk around a window and makes it this thread's kiosk.
    pub fn new(
        window: AppWindow,
        catalog: Arc<Catalog>,
        port: Box<dyn CheckinPort>,
        showable: Vec<String>,
    ) -> Rc<Kiosk> {
        let now = Instant::now();
        let kiosk = Rc::new(Kiosk {
            window,
            catalog,
            port,
            showable,
            state: RefCell::new(State {
                visit: Visit::default(),
                visit_seq: 0,
                config: None,
                languages: Vec::new(),
                idle: IdleClock::new(now),
                greeting: 0,
                greeting_changed: now,
            }),
        });
        CURRENT.with(|c| *c.borrow_mut() = Some(kiosk.clone()));
        kiosk.set_languages(RESIDENT_LANGUAGES.iter().map(|s| s.to_string()).collect());
        kiosk.show_language(translations::SOURCE);
        kiosk
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    pub fn screen(&self) -> Screen {
        match self.window.global::<KioskGlobal>().get_screen() {
            1 => Screen::Errand,
            2 => Screen::Questions,
            3 => Screen::Ticket,
            _ => Screen::Welcome,
        }
    }

    pub fn go(&self, screen: Screen) {
        self.window
            .global::<KioskGlobal>()
            .set_screen(screen as i32);
    }

    pub fn touched(&self) {
        self.state.borrow_mut().idle.touched(Instant::now());
        self.window.global::<IdleAdapter>().set_warning(false);
    }

    /// Applies what the sync worker reports.
    pub fn report(&self, report: Report) {
        match report {
            Report::Config(config) => self.apply_config(config),
            Report::Status { online, unsent } => {
                let global = self.window.global::<KioskGlobal>();
                global.set_online(online);
                global.set_unsent(unsent.min(i32::MAX as u32) as i32);
            }
        }
    }

    fn apply_config(&self, config: KioskConfig) {
        self.set_languages(config.languages.clone());
        self.state.borrow_mut().config = Some(config);
        let language = self.state.borrow().visit.language.clone();
        self.fill_errands(if language.is_empty() {
            translations::SOURCE
        } else {
            &language
        });
    }

    /// The languages offered, in the site's order, less those the catalog or
    /// the fonts cannot show.
    fn set_languages(&self, offered: Vec<String>) {
        let languages: Vec<String> = offered
            .into_iter()
            .filter(|t| self.catalog.has(t) && self.showable.contains(t))
            .collect();
        let model: Vec<LanguageChoice> = languages
            .iter()
            .map(|tag| LanguageChoice {
                tag: tag.into(),
                name: self.catalog.text(tag, "language-name").into(),
            })
            .collect();
        self.window
            .global::<WelcomeAdapter>()
            .set_languages(ModelRc::new(VecModel::from(model)));
        let mut state = self.state.borrow_mut();
        state.languages = languages;
        state.greeting = 0;
        drop(state);
        self.show_greeting();
    }

    /// Shows the greeting in `tag` now (the screenshot script uses it).
    pub fn greet_in(&self, tag: &str) {
        let position = self.state.borrow().languages.iter().position(|t| t == tag);
        if let Some(i) = position {
            self.state.borrow_mut().greeting = i;
            self.show_greeting();
        }
    }

    fn show_greeting(&self) {
        let state = self.state.borrow();
        let tag = state
            .languages
            .get(state.greeting)
            .map(String::as_str)
            .unwrap_or(translations::SOURCE);
        let welcome = self.window.global::<WelcomeAdapter>();
        welcome.set_greeting(self.catalog.text(tag, "greeting").into());
        welcome.set_choose_language(self.catalog.text(tag, "choose-language").into());
        welcome.set_greeting_rtl(translations::is_rtl(tag));
    }

    /// Sets every text of the screens to `tag`'s, and the reading direction.
    pub fn show_language(&self, tag: &str) {
        let t = |id: &str| -> SharedString { self.catalog.text(tag, id).into() };
        let texts = self.window.global::<Texts>();
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
        let modes = self.window.global::<ModeTexts>();
        modes.set_larger_text(t("larger-text"));
        modes.set_high_contrast(t("high-contrast"));
        self.window
            .global::<Theme>()
            .set_rtl(translations::is_rtl(tag));
        self.fill_errands(tag);
    }

    /// The site's errands, "don't know / something else" always last.
    fn fill_errands(&self, tag: &str) {
        let state = self.state.borrow();
        let mut ids: Vec<&str> = match &state.config {
            Some(config) => config.errands.iter().map(|e| e.id.as_str()).collect(),
            None => Vec::new(),
        };
        ids.sort_by_key(|id| *id == "other");
        let model: Vec<ErrandChoice> = ids
            .iter()
            .map(|id| ErrandChoice {
                id: (*id).into(),
                text: self.catalog.text(tag, &format!("errand-{id}")).into(),
            })
            .collect();
        self.window
            .global::<ErrandAdapter>()
            .set_errands(ModelRc::new(VecModel::from(model)));
    }

    pub fn choose_language(&self, tag: &str) {
        self.state.borrow_mut().visit.language = tag.to_string();
        self.show_language(tag);
        self.go(Screen::Errand);
    }

    pub fn choose_errand(&self, errand: &str) {
        self.state.borrow_mut().visit.errand = errand.to_string();
        self.window.global::<QuestionsAdapter>().set_step(0);
        self.go(Screen::Questions);
    }

    /// An answer to the current question; `None` when it was skipped.
    pub fn answer(self: &Rc<Self>, answer: Option<bool>) {
        let questions = self.window.global::<QuestionsAdapter>();
        let yes = answer.unwrap_or(false);
        if questions.get_step() == 0 {
            self.state.borrow_mut().visit.appointment = yes;
            questions.set_step(1);
        } else {
            self.state.borrow_mut().visit.interpreter = yes;
            self.check_in();
        }
    }

    pub fn back(&self) {
        match self.screen() {
            Screen::Questions if self.window.global::<QuestionsAdapter>().get_step() == 1 => {
                self.window.global::<QuestionsAdapter>().set_step(0)
            }
            Screen::Questions => self.go(Screen::Errand),
            _ => self.reset(),
        }
    }

    fn check_in(self: &Rc<Self>) {
        let (visit, seq) = {
            let mut state = self.state.borrow_mut();
            state.visit_seq += 1;
            (state.visit.clone(), state.visit_seq)
        };
        self.show_pending();
        self.go(Screen::Ticket);
        self.port.check_in(
            visit,
            Box::new(move |issued| {
                with_kiosk(|kiosk| {
                    if kiosk.state.borrow().visit_seq == seq && kiosk.screen() == Screen::Ticket {
                        kiosk.show_issued(&issued);
                    }
                })
            }),
        );
    }

    /// The ticket screen before the number is known: "one moment".
    fn show_pending(&self) {
        let ticket = self.window.global::<TicketAdapter>();
        ticket.set_number(SharedString::default());
        ticket.set_people_ahead(SharedString::default());
        ticket.set_wait(SharedString::default());
        ticket.set_has_qr(false);
    }

    pub fn show_issued(&self, issued: &Issued) {
        let tag = self.state.borrow().visit.language.clone();
        let ticket = self.window.global::<TicketAdapter>();
        ticket.set_number(issued.number.clone().unwrap_or_default().into());
        let people = issued.people_ahead.map(|count| {
            let mut args = Args::new();
            args.set("count", count);
            self.catalog.text_with(&tag, "people-ahead", &args)
        });
        ticket.set_people_ahead(people.unwrap_or_default().into());
        let wait = match (&issued.number, issued.wait) {
            (Some(_), Some(w)) => {
                let mut args = Args::new();
                args.set("low", w.low);
                args.set("high", w.high);
                self.catalog.text_with(&tag, "estimated-wait", &args)
            }
            (Some(_), None) => self.catalog.text(&tag, "wait-unknown"),
            // Neither the server nor the kiosk's own range gave a number.
            (None, _) => self.catalog.text(&tag, "ask-staff"),
        };
        ticket.set_wait(wait.into());
        match issued.status_url.as_deref().and_then(crate::qr::image) {
            Some(image) => {
                ticket.set_qr(image);
                ticket.set_has_qr(true);
            }
            None => ticket.set_has_qr(false),
        }
    }

    /// Back to the welcome screen with everything about the visit forgotten,
    /// the display modes included: the next visitor starts afresh.
    /// "Ask for help": the staff are told at once, in the visitor's language
    /// (Swedish before one is chosen), and the visitor sees whether they were.
    pub fn ask_for_help(&self) {
        let help = self.window.global::<HelpAdapter>();
        if help.get_state() == HelpState::Sending as i32 {
            return;
        }
        help.set_state(HelpState::Sending as i32);
        let language = match self.state.borrow().visit.language.as_str() {
            "" => translations::SOURCE.to_string(),
            tag => tag.to_string(),
        };
        self.port.ask_for_help(
            language,
            Box::new(|told| {
                with_kiosk(|kiosk| {
                    let help = kiosk.window.global::<HelpAdapter>();
                    // The visitor may have closed it, or gone, meanwhile.
                    if help.get_state() == HelpState::Sending as i32 {
                        let state = if told {
                            HelpState::Told
                        } else {
                            HelpState::Unreachable
                        };
                        help.set_state(state as i32);
                    }
                })
            }),
        );
    }

    pub fn close_help(&self) {
        self.window
            .global::<HelpAdapter>()
            .set_state(HelpState::None as i32);
    }

    pub fn reset(&self) {
        {
            let mut state = self.state.borrow_mut();
            state.visit = Visit::default();
            state.visit_seq += 1;
            state.idle.touched(Instant::now());
        }
        self.show_pending();
        self.window.global::<QuestionsAdapter>().set_step(0);
        self.window.global::<IdleAdapter>().set_warning(false);
        self.window
            .global::<HelpAdapter>()
            .set_state(HelpState::None as i32);
        let theme = self.window.global::<Theme>();
        theme.set_large_text(false);
        theme.set_high_contrast(false);
        self.show_language(translations::SOURCE);
        self.go(Screen::Welcome);
    }

    /// Called every second: the idle warning and reset, and the greeting.
    pub fn tick(&self, now: Instant) {
        let step = self.state.borrow_mut().idle.step(now, self.screen());
        match step {
            IdleStep::Nothing => self.window.global::<IdleAdapter>().set_warning(false),
            IdleStep::Warn { seconds_left } => {
                let tag = self.state.borrow().visit.language.clone();
                let mut args = Args::new();
                args.set("seconds", seconds_left);
                let idle = self.window.global::<IdleAdapter>();
                idle.set_countdown(self.catalog.text_with(&tag, "returning-in", &args).into());
                idle.set_warning(true);
            }
            IdleStep::Reset => self.reset(),
        }
        let mut state = self.state.borrow_mut();
        if self.screen() == Screen::Welcome
            && now.duration_since(state.greeting_changed) >= GREETING_EVERY
        {
            state.greeting_changed = now;
            state.greeting = (state.greeting + 1) % state.languages.len().max(1);
            drop(state);
            self.show_greeting();
        }
    }

    /// The visit so far (for tests and logs; it holds nothing personal).
    pub fn visit(&self) -> Visit {
        self.state.borrow().visit.clone()
    }

    /// The languages on the welcome screen, in order.
    pub fn languages(&self) -> Vec<String> {
        self.state.borrow().languages.clone()
    }
}
