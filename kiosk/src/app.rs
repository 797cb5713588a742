//! The kiosk's state on the UI thread and the decisions about it: the visit
//! in progress, the language shown, the site's configuration, the idle
//! clock and what the speaker button says. What each screen shows is
//! written by its controller in `controllers/`; what other threads have to
//! say (the worker's reports, numbers, help answers) arrives through the
//! [`Mailbox`].

use std::{
    cell::RefCell,
    collections::HashMap,
    rc::Rc,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use protocol::KioskConfig;
use slint::ComponentHandle;
use translations::{Args, Catalog};

use crate::{
    controllers::{self, Errand},
    idle::{IdleClock, IdleStep},
    paper,
    printing::{Answer, PrintPort},
    read_aloud::{Line, Voices},
    speaker::{Output, Speaker},
    sync::{CheckinPort, Report},
    visit::{Issued, Visit},
    AppWindow, Kiosk as KioskGlobal, Screen,
};

/// Where a request for help stands, as `HelpAdapter.state` numbers it in
/// `ui/widgets.slint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpState {
    None = 0,
    Sending = 1,
    Told = 2,
    Unreachable = 3,
}

/// How often the greeting changes language.
const GREETING_EVERY: Duration = Duration::from_secs(3);
/// How long the speaker button shows "playing" before the player is asked
/// whether it still is (it takes a moment to start).
const SPEECH_STARTS_WITHIN: Duration = Duration::from_millis(1500);

pub struct Kiosk {
    pub window: AppWindow,
    catalog: Arc<Catalog>,
    port: Box<dyn CheckinPort>,
    mailbox: Mailbox,
    /// Languages the installed fonts can show; others never appear.
    showable: Vec<String>,
    speech: RefCell<Option<Speech>>,
    /// The receipt printer, where this kiosk has one.
    printer: RefCell<Option<Box<dyn PrintPort>>>,
    state: RefCell<State>,
}

/// The read-aloud, where this kiosk has one.
struct Speech {
    speaker: Speaker,
    voices: Voices,
    started: Option<Instant>,
}

struct State {
    visit: Visit,
    /// Counts visits, so a number that arrives after the visitor has gone is
    /// not shown to the next one.
    visit_seq: u64,
    config: Option<KioskConfig>,
    languages: Vec<String>,
    /// The ticket on the screen, kept to show it again in another language.
    ticket: Option<Issued>,
    /// The visit whose ticket went to the printer: one paper a visit, even
    /// when its number is shown again.
    printed_for: Option<u64>,
    /// The digits typed on the code keypad so far.
    code: String,
    /// The server refused the code after every question was answered: a
    /// new code (or none) goes straight to a new check-in.
    code_refused: bool,
    /// Set while the visitor is back at the language list mid-visit: the
    /// screen to return to.
    changing_from: Option<Screen>,
    idle: IdleClock,
    /// The idle warning was spoken already.
    warned: bool,
    greeting: usize,
    greeting_changed: Instant,
}

/// What another thread has to tell the kiosk.
pub enum Letter {
    Report(Report),
    /// The number for the visit counted `seq`.
    Issued {
        seq: u64,
        issued: Issued,
    },
    /// Whether the staff were told of a help request.
    Help {
        told: bool,
    },
    /// How printing the ticket of the visit counted `seq` went.
    Printed {
        seq: u64,
        answer: Answer,
    },
}

/// Letters from other threads to the kiosk on the UI thread: kept here, and
/// the window (through its weak handle, from any thread) asks the kiosk to
/// read them (`Kiosk.mail`).
#[derive(Clone)]
pub struct Mailbox {
    letters: Arc<Mutex<Vec<Letter>>>,
    window: slint::Weak<AppWindow>,
}

impl Mailbox {
    pub fn new(window: &AppWindow) -> Mailbox {
        Mailbox {
            letters: Arc::default(),
            window: window.as_weak(),
        }
    }

    pub fn post(&self, letter: Letter) {
        self.letters.lock().expect("mailbox").push(letter);
        // Fails only without an event loop (the tests, which read the mail
        // themselves) or once the window is gone.
        let _ = self
            .window
            .upgrade_in_event_loop(|window| window.global::<KioskGlobal>().invoke_mail());
    }

    fn take(&self) -> Vec<Letter> {
        std::mem::take(&mut *self.letters.lock().expect("mailbox"))
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
    /// Builds the kiosk around a window.
    pub fn new(
        window: AppWindow,
        catalog: Arc<Catalog>,
        port: Box<dyn CheckinPort>,
        showable: Vec<String>,
    ) -> Rc<Kiosk> {
        let mailbox = Mailbox::new(&window);
        Kiosk::with_mailbox(window, catalog, port, showable, mailbox)
    }

    /// The same, reading letters from a mailbox made beforehand (the worker
    /// that writes them starts before the kiosk).
    pub fn with_mailbox(
        window: AppWindow,
        catalog: Arc<Catalog>,
        port: Box<dyn CheckinPort>,
        showable: Vec<String>,
        mailbox: Mailbox,
    ) -> Rc<Kiosk> {
        let now = Instant::now();
        let kiosk = Rc::new(Kiosk {
            window,
            catalog,
            port,
            mailbox,
            showable,
            speech: RefCell::new(None),
            printer: RefCell::new(None),
            state: RefCell::new(State {
                visit: Visit::default(),
                visit_seq: 0,
                config: None,
                languages: Vec::new(),
                ticket: None,
                printed_for: None,
                code: String::new(),
                code_refused: false,
                changing_from: None,
                idle: IdleClock::new(now),
                warned: false,
                greeting: 0,
                greeting_changed: now,
            }),
        });
        kiosk.set_languages(
            translations::RESIDENT_LANGUAGES
                .iter()
                .map(|s| s.to_string())
                .collect(),
        );
        kiosk.show_language(translations::SOURCE);
        kiosk
    }

    /// Gives the kiosk a voice: the speaker button appears wherever a
    /// screen can be read aloud in the visitor's language.
    pub fn enable_speech(&self, voices: Voices, output: Output) {
        *self.speech.borrow_mut() = Some(Speech {
            speaker: Speaker::start(output),
            voices,
            started: None,
        });
        self.refresh_speech();
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The language the visitor reads: Swedish until they choose.
    fn language(&self) -> String {
        match self.state.borrow().visit.language.as_str() {
            "" => translations::SOURCE.to_string(),
            tag => tag.to_string(),
        }
    }

    pub fn screen(&self) -> Screen {
        self.window.global::<KioskGlobal>().get_screen()
    }

    pub fn go(&self, screen: Screen) {
        self.window.global::<KioskGlobal>().set_screen(screen);
        self.refresh_speech();
    }

    /// A touch anywhere: the visitor is there, and whatever was being read
    /// aloud stops.
    pub fn touched(&self) {
        self.state.borrow_mut().idle.touched(Instant::now());
        controllers::idle::hide(&self.window);
        self.state.borrow_mut().warned = false;
        self.stop_speaking();
    }

    /// Reads what other threads have posted: reports, numbers, help answers.
    pub fn read_mail(&self) {
        for letter in self.mailbox.take() {
            match letter {
                Letter::Report(report) => self.report(report),
                // Still this visitor's visit (wherever on it they are).
                Letter::Issued { seq, issued } => {
                    if self.state.borrow().visit_seq != seq {
                    } else if issued.code_refused {
                        self.code_refused();
                    } else {
                        self.show_issued(&issued);
                    }
                }
                Letter::Printed { seq, answer } => self.printed(seq, &answer),
                // The visitor may have closed it, or gone, meanwhile.
                Letter::Help { told } => {
                    if controllers::help::state(&self.window) == HelpState::Sending {
                        let state = if told {
                            HelpState::Told
                        } else {
                            HelpState::Unreachable
                        };
                        controllers::help::set_state(&self.window, state);
                        // The overlay covers the speaker button: the answer
                        // is read out on its own, as the idle warning is.
                        self.say(&self.screen_lines(), false);
                    }
                }
            }
        }
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
        self.fill_errands(&self.language());
        self.refresh_speech();
    }

    /// The languages offered, in the site's order, less those the catalog or
    /// the fonts cannot show.
    fn set_languages(&self, offered: Vec<String>) {
        let languages: Vec<String> = offered
            .into_iter()
            .filter(|t| self.catalog.has(t) && self.showable.contains(t))
            .collect();
        controllers::welcome::show_languages(&self.window, &self.catalog, &languages);
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
        controllers::welcome::show_greeting(&self.window, &self.catalog, tag);
    }

    /// Sets every text of the screens to `tag`'s, and the reading direction.
    pub fn show_language(&self, tag: &str) {
        controllers::language::show(&self.window, &self.catalog, tag);
        self.fill_errands(tag);
        let ticket = self.state.borrow().ticket.clone();
        if let Some(ticket) = ticket {
            self.show_ticket(tag, &ticket);
        }
        self.refresh_speech();
    }

    /// The site's errands in the config's order, each with its pictogram
    /// and its text in `tag`.
    fn errands(&self, tag: &str) -> Vec<Errand> {
        let state = self.state.borrow();
        let Some(config) = &state.config else {
            return Vec::new();
        };
        config
            .errands
            .iter()
            .map(|errand| {
                let id = format!("errand-{}", errand.id);
                // The kiosk's own text first; the server's for an errand
                // added after this kiosk was built.
                let text = if self.catalog.has_text(tag, &id) {
                    self.catalog.text(tag, &id)
                } else {
                    errand
                        .names
                        .get(tag)
                        .or_else(|| errand.names.get(translations::SOURCE))
                        .cloned()
                        .unwrap_or_else(|| self.catalog.text(tag, &id))
                };
                Errand {
                    id: errand.id.clone(),
                    // A pictogram this kiosk cannot draw (from a newer
                    // server) would show an empty square.
                    icon: errand
                        .icon
                        .clone()
                        .filter(|icon| protocol::ICONS.contains(&icon.as_str()))
                        .unwrap_or_else(|| protocol::default_icon(&errand.id).into()),
                    text,
                }
            })
            .collect()
    }

    fn fill_errands(&self, tag: &str) {
        controllers::errand::show(&self.window, &self.errands(tag));
    }

    pub fn choose_language(&self, tag: &str) {
        self.state.borrow_mut().visit.language = tag.to_string();
        self.show_language(tag);
        let back_to = self.state.borrow_mut().changing_from.take();
        controllers::language::set_changing(&self.window, false);
        self.go(back_to.unwrap_or(Screen::Errand));
    }

    /// The language button: to the language list, keeping the visit.
    pub fn change_language(&self) {
        let from = self.screen();
        if from == Screen::Welcome {
            return;
        }
        self.state.borrow_mut().changing_from = Some(from);
        controllers::language::set_changing(&self.window, true);
        self.go(Screen::Welcome);
    }

    /// Back from the language list without changing anything.
    pub fn keep_language(&self) {
        let back_to = self.state.borrow_mut().changing_from.take();
        controllers::language::set_changing(&self.window, false);
        if let Some(screen) = back_to {
            self.go(screen);
        }
    }

    pub fn choose_errand(&self, errand: &str) {
        self.state.borrow_mut().visit.errand = errand.to_string();
        // Where a booked visit needs its code, the keypad asks instead of
        // "Do you have a booked time?".
        if self.codes_required() {
            self.show_keypad();
        } else {
            controllers::questions::set_step(&self.window, 0);
            self.go(Screen::Questions);
        }
    }

    fn codes_required(&self) -> bool {
        self.codes() == Some(protocol::AppointmentCodes::Required)
    }

    /// Whether (and how) the server takes booked visits' codes.
    fn codes(&self) -> Option<protocol::AppointmentCodes> {
        self.state
            .borrow()
            .config
            .as_ref()
            .and_then(|c| c.appointment_codes)
    }

    /// An answer to the current question; `None` when it was skipped.
    pub fn answer(self: &Rc<Self>, answer: Option<bool>) {
        let yes = answer.unwrap_or(false);
        if controllers::questions::step(&self.window) == 0 {
            if yes && self.codes().is_some() {
                self.show_keypad();
            } else if yes {
                // A server without codes: a booked time on trust, as before.
                self.state.borrow_mut().visit.appointment = true;
                self.to_interpreter_question();
            } else {
                let mut state = self.state.borrow_mut();
                state.visit.appointment = false;
                state.visit.appointment_code = None;
                drop(state);
                self.to_interpreter_question();
            }
        } else {
            self.state.borrow_mut().visit.interpreter = yes;
            self.check_in();
        }
    }

    fn to_interpreter_question(&self) {
        controllers::questions::set_step(&self.window, 1);
        self.go(Screen::Questions);
    }

    /// The keypad, empty.
    fn show_keypad(&self) {
        self.state.borrow_mut().code.clear();
        self.show_code(false);
        self.go(Screen::Code);
    }

    fn show_code(&self, wrong: bool) {
        let code = self.state.borrow().code.clone();
        controllers::code::show(&self.window, &code, wrong, self.codes_required());
    }

    pub fn code_digit(&self, digit: &str) {
        let mut state = self.state.borrow_mut();
        if state.code.len() < controllers::code::DIGITS
            && digit.len() == 1
            && digit.bytes().all(|b| b.is_ascii_digit())
        {
            state.code.push_str(digit);
        }
        drop(state);
        self.show_code(controllers::code::wrong(&self.window));
    }

    pub fn code_erase(&self) {
        self.state.borrow_mut().code.pop();
        self.show_code(controllers::code::wrong(&self.window));
    }

    /// "Done" with all six digits: the code goes with the check-in, which
    /// the server checks.
    pub fn code_done(self: &Rc<Self>) {
        let mut state = self.state.borrow_mut();
        if state.code.len() != controllers::code::DIGITS {
            return;
        }
        state.visit.appointment = true;
        state.visit.appointment_code = Some(state.code.clone());
        drop(state);
        self.after_code();
    }

    /// Without a code: where codes are required that is no booked time;
    /// elsewhere a booked time taken on trust, as before codes.
    pub fn code_without(self: &Rc<Self>) {
        let required = self.codes_required();
        let mut state = self.state.borrow_mut();
        state.visit.appointment = !required;
        state.visit.appointment_code = None;
        drop(state);
        self.after_code();
    }

    fn after_code(self: &Rc<Self>) {
        if std::mem::take(&mut self.state.borrow_mut().code_refused) {
            self.check_in();
        } else {
            self.to_interpreter_question();
        }
    }

    /// The server knows no booked visit with the code: the keypad again,
    /// saying so, to try again or to go on without it.
    fn code_refused(&self) {
        let mut state = self.state.borrow_mut();
        state.code.clear();
        state.code_refused = true;
        state.ticket = None;
        drop(state);
        controllers::ticket::show_pending(&self.window);
        self.show_code(true);
        self.go(Screen::Code);
    }

    pub fn back(&self) {
        match self.screen() {
            Screen::Questions if controllers::questions::step(&self.window) == 1 => {
                if self.codes_required() {
                    self.go(Screen::Code);
                } else {
                    controllers::questions::set_step(&self.window, 0);
                    self.go(Screen::Questions);
                }
            }
            Screen::Questions => self.go(Screen::Errand),
            Screen::Code if self.codes_required() => self.go(Screen::Errand),
            Screen::Code => {
                controllers::questions::set_step(&self.window, 0);
                self.go(Screen::Questions);
            }
            _ => self.reset(),
        }
    }

    fn check_in(self: &Rc<Self>) {
        let (visit, seq) = {
            let mut state = self.state.borrow_mut();
            state.visit_seq += 1;
            state.ticket = None;
            (state.visit.clone(), state.visit_seq)
        };
        controllers::ticket::show_pending(&self.window);
        self.go(Screen::Ticket);
        let mailbox = self.mailbox.clone();
        self.port.check_in(
            visit,
            Box::new(move |issued| mailbox.post(Letter::Issued { seq, issued })),
        );
        // A port that answers at once has posted already.
        self.read_mail();
    }

    pub fn show_issued(&self, issued: &Issued) {
        self.state.borrow_mut().ticket = Some(issued.clone());
        self.show_ticket(&self.language(), issued);
        self.refresh_speech();
        self.print(issued);
    }

    /// Prints where there is a printer: receipt printers come as one more
    /// way to keep the number, never as a step the visitor waits for.
    pub fn enable_printing(&self, port: Box<dyn PrintPort>) {
        *self.printer.borrow_mut() = Some(port);
    }

    /// Sends the ticket on the screen to the printer, once a visit, after it
    /// is shown.
    fn print(&self, issued: &Issued) {
        let printer = self.printer.borrow();
        let (Some(port), Some(number)) = (printer.as_ref(), issued.number.clone()) else {
            return;
        };
        let (seq, site) = {
            let mut state = self.state.borrow_mut();
            if state.printed_for == Some(state.visit_seq) {
                return;
            }
            state.printed_for = Some(state.visit_seq);
            let site = state.config.as_ref().map(|c| c.site.name.clone());
            (state.visit_seq, site.unwrap_or_default())
        };
        let now = chrono::Local::now();
        let ticket = paper::Ticket {
            language: self.language(),
            site,
            number,
            people_ahead: issued.people_ahead,
            date: now.format("%Y-%m-%d").to_string(),
            time: now.format("%H:%M").to_string(),
            status_url: issued.status_url.clone(),
        };
        let mailbox = self.mailbox.clone();
        port.print(
            ticket,
            Box::new(move |answer| mailbox.post(Letter::Printed { seq, answer })),
        );
    }

    /// The staff's mark shows whether the printer can print; the visitor
    /// whose ticket did not come out is told why, and to keep the number.
    fn printed(&self, seq: u64, answer: &Answer) {
        let out_of_paper = answer.printer == protocol::PrinterState::PaperOut;
        let trouble = !answer.printed || out_of_paper;
        self.window
            .global::<KioskGlobal>()
            .set_printer_trouble(trouble);
        self.port.printer_state(answer.printer);
        if answer.printed || self.state.borrow().visit_seq != seq {
            return;
        }
        controllers::ticket::show_printer_problem(
            &self.window,
            &self.catalog,
            &self.language(),
            out_of_paper,
        );
    }

    fn show_ticket(&self, tag: &str, issued: &Issued) {
        let errand = self.state.borrow().visit.errand.clone();
        let icon = self
            .errands(tag)
            .into_iter()
            .find(|e| e.id == errand)
            .map_or_else(|| protocol::default_icon(&errand).to_string(), |e| e.icon);
        controllers::ticket::show(&self.window, &self.catalog, tag, issued, &icon);
    }

    /// "Ask for help": the staff are told at once, in the visitor's language
    /// (Swedish before one is chosen), and the visitor sees whether they were.
    pub fn ask_for_help(&self) {
        if controllers::help::state(&self.window) == HelpState::Sending {
            return;
        }
        controllers::help::set_state(&self.window, HelpState::Sending);
        let mailbox = self.mailbox.clone();
        self.port.ask_for_help(
            self.language(),
            Box::new(move |told| mailbox.post(Letter::Help { told })),
        );
        self.read_mail();
    }

    pub fn close_help(&self) {
        controllers::help::set_state(&self.window, HelpState::None);
        self.refresh_speech();
    }

    /// Back to the welcome screen with everything about the visit forgotten,
    /// the display modes included: the next visitor starts afresh.
    pub fn reset(&self) {
        {
            let mut state = self.state.borrow_mut();
            state.visit = Visit::default();
            state.visit_seq += 1;
            state.ticket = None;
            state.code.clear();
            state.code_refused = false;
            state.changing_from = None;
            state.warned = false;
            state.idle.touched(Instant::now());
        }
        self.stop_speaking();
        controllers::ticket::show_pending(&self.window);
        controllers::questions::set_step(&self.window, 0);
        controllers::code::show(&self.window, "", false, false);
        controllers::idle::hide(&self.window);
        controllers::help::set_state(&self.window, HelpState::None);
        controllers::language::set_changing(&self.window, false);
        controllers::language::reset_modes(&self.window);
        self.show_language(translations::SOURCE);
        self.go(Screen::Welcome);
    }

    /// Called every second: the idle warning and reset, the greeting, and
    /// whether the read-aloud is still playing.
    pub fn tick(&self, now: Instant) {
        // Back at the language list mid-visit counts as the step they came from.
        let screen = self
            .state
            .borrow()
            .changing_from
            .unwrap_or_else(|| self.screen());
        let step = self.state.borrow_mut().idle.step(now, screen);
        match step {
            IdleStep::Nothing => controllers::idle::hide(&self.window),
            IdleStep::Warn { seconds_left } => {
                let tag = self.language();
                controllers::idle::show(&self.window, &self.catalog, &tag, seconds_left);
                let first = !std::mem::replace(&mut self.state.borrow_mut().warned, true);
                if first {
                    self.say(&self.idle_lines(&tag, seconds_left), false);
                }
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
        } else {
            drop(state);
        }
        let finished = self.speech.borrow().as_ref().is_some_and(|speech| {
            speech
                .started
                .is_some_and(|t| t.elapsed() > SPEECH_STARTS_WITHIN && !speech.speaker.is_playing())
        });
        if finished {
            self.stop_speaking();
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

    // --- Reading aloud -----------------------------------------------------

    /// The speaker button: reads the screen, or stops reading it.
    pub fn read_aloud(&self) {
        self.state.borrow_mut().idle.touched(Instant::now());
        let reading = self
            .speech
            .borrow()
            .as_ref()
            .is_some_and(|s| s.started.is_some());
        if reading {
            self.stop_speaking();
        } else {
            let welcome = self.screen() == Screen::Welcome && !self.help_shown();
            self.say(&self.screen_lines(), welcome);
        }
    }

    /// A long touch on a language: its name, in its own voice.
    pub fn say_language_name(&self, tag: &str) {
        self.state.borrow_mut().idle.touched(Instant::now());
        let name = self.catalog.text(tag, "language-name");
        self.say(&[Line::fixed(tag, "language-name", name)], true);
    }

    /// Says `lines`: all of them, or (`partly`) those that have a voice.
    fn say(&self, lines: &[Line], partly: bool) {
        let mut speech = self.speech.borrow_mut();
        let Some(speech) = speech.as_mut() else {
            return;
        };
        let sounds = if partly {
            speech.voices.some(lines)
        } else {
            speech.voices.all(lines)
        };
        if let Some(sounds) = sounds {
            speech.speaker.say(sounds);
            speech.started = Some(Instant::now());
            self.window.global::<KioskGlobal>().set_reading_aloud(true);
        }
    }

    fn stop_speaking(&self) {
        if let Some(speech) = self.speech.borrow_mut().as_mut() {
            if speech.started.take().is_some() {
                speech.speaker.stop();
            }
        }
        self.window.global::<KioskGlobal>().set_reading_aloud(false);
    }

    /// Shows the speaker button exactly where this screen can be read aloud
    /// in this language.
    fn refresh_speech(&self) {
        let available = self.speech.borrow().as_ref().is_some_and(|speech| {
            let lines = self.screen_lines();
            if self.screen() == Screen::Welcome && !self.help_shown() {
                speech.voices.some(&lines).is_some()
            } else {
                speech.voices.all(&lines).is_some()
            }
        });
        self.window
            .global::<KioskGlobal>()
            .set_can_read_aloud(available);
    }

    fn help_shown(&self) -> bool {
        controllers::help::state(&self.window) != HelpState::None
    }

    /// What the speaker button reads on the screen shown now.
    pub fn screen_lines(&self) -> Vec<Line> {
        let tag = self.language();
        let tag = tag.as_str();
        let text = |id: &str| Line::fixed(tag, id, self.catalog.text(tag, id));
        match controllers::help::state(&self.window) {
            HelpState::None => {}
            HelpState::Sending => return vec![text("one-moment")],
            HelpState::Told => return vec![text("help-sent")],
            HelpState::Unreachable => return vec![text("help-failed")],
        }
        match self.screen() {
            // Each language's name in its own voice: the visitor has not
            // chosen one yet.
            Screen::Welcome => self
                .languages()
                .iter()
                .map(|tag| {
                    Line::fixed(
                        tag,
                        "language-name",
                        self.catalog.text(tag, "language-name"),
                    )
                })
                .collect(),
            Screen::Errand => std::iter::once(text("choose-errand"))
                .chain(
                    self.errands(tag)
                        .into_iter()
                        .map(|e| Line::fixed(tag, &format!("errand-{}", e.id), e.text)),
                )
                .collect(),
            Screen::Questions => {
                let question = match controllers::questions::step(&self.window) {
                    0 => "question-appointment",
                    _ => "question-interpreter",
                };
                vec![text(question), text("answer-yes"), text("answer-no")]
            }
            Screen::Code => {
                let what = if controllers::code::wrong(&self.window) {
                    "code-unknown"
                } else {
                    "code-hint"
                };
                let way_out = if self.codes_required() {
                    "code-no-booking"
                } else {
                    "code-without"
                };
                vec![text("code-title"), text(what), text(way_out)]
            }
            Screen::Ticket => self.ticket_lines(tag),
        }
    }

    /// "Your number is J 12. Three people are ahead of you." and how the
    /// visitor will be called.
    fn ticket_lines(&self, tag: &str) -> Vec<Line> {
        let ticket = self.state.borrow().ticket.clone();
        let Some(ticket) = ticket else {
            return vec![Line::fixed(
                tag,
                "one-moment",
                self.catalog.text(tag, "one-moment"),
            )];
        };
        // Neither the server nor the kiosk could give a number: the screen
        // says to ask the staff, and so does the voice.
        let Some(number) = ticket.number.clone() else {
            return vec![Line::fixed(
                tag,
                "ask-staff",
                self.catalog.text(tag, "ask-staff"),
            )];
        };
        let mut args = Args::new();
        args.set("number", speech::spoken_number(&number));
        let mut lines = vec![Line::varying(
            tag,
            "ticket-spoken",
            self.catalog.text_with(tag, "ticket-spoken", &args),
        )];
        if let Some(count) = ticket.people_ahead {
            let mut args = Args::new();
            args.set("count", count);
            lines.push(Line::varying(
                tag,
                "people-ahead",
                self.catalog.text_with(tag, "people-ahead", &args),
            ));
        }
        lines.push(Line::fixed(
            tag,
            "number-called-out",
            self.catalog.text(tag, "number-called-out"),
        ));
        lines
    }

    fn idle_lines(&self, tag: &str, seconds_left: u64) -> Vec<Line> {
        let mut args = Args::new();
        args.set("seconds", seconds_left);
        vec![
            Line::fixed(tag, "still-there", self.catalog.text(tag, "still-there")),
            Line::varying(
                tag,
                "returning-in",
                self.catalog.text_with(tag, "returning-in", &args),
            ),
        ]
    }
}
