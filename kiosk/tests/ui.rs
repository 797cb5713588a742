//! The resident's path through the kiosk, driven through Slint's testing
//! backend by accessible labels, as a screen reader or a finger would.

use std::sync::{Arc, Mutex};

use i_slint_backend_testing::ElementHandle;
use kiosk::{
    app::Kiosk,
    controllers,
    sync::{CheckinPort, OnHelp, OnIssued, Report},
    visit::{Issued, Visit},
    AppWindow, HelpAdapter, IdleAdapter, QuestionsAdapter, Screen, Theme, TicketAdapter,
};
use protocol::{ErrandInfo, KioskConfig, NumberRange, SiteInfo, WaitRange};
use slint::ComponentHandle;
use translations::Catalog;

/// Records each check-in and answers at once, as a reachable server would.
struct Recorder(Arc<Mutex<Vec<Visit>>>);

impl CheckinPort for Recorder {
    /// Knows one booked visit, of code 407118; refuses any other code.
    fn check_in(&self, visit: Visit, on_issued: OnIssued) {
        let code = visit.appointment_code.clone();
        self.0.lock().unwrap().push(visit);
        if code.as_ref().is_some_and(|c| c != "407118") {
            return on_issued(Issued {
                code_refused: true,
                ..Issued::default()
            });
        }
        on_issued(Issued {
            number: Some("J7".into()),
            people_ahead: Some(2),
            wait: Some(WaitRange { low: 10, high: 25 }),
            status_url: Some("http://127.0.0.1:8080/t/abcdefghijklmnopqrstuv".into()),
            booked: code.is_some(),
            ..Issued::default()
        });
    }

    fn ask_for_help(&self, _: String, on_answer: OnHelp) {
        on_answer(true);
    }
}

fn config(languages: &[&str]) -> KioskConfig {
    KioskConfig {
        kiosk: "arby-1".into(),
        site: SiteInfo {
            id: "arby".into(),
            name: "Mötesplats Årby".into(),
        },
        errands: ["other", "job", "study", "benefit"]
            .iter()
            .zip(["O", "J", "S", "B"])
            .map(|(id, prefix)| ErrandInfo {
                id: id.to_string(),
                prefix: prefix.into(),
                icon: None,
                names: Default::default(),
            })
            .collect(),
        languages: languages.iter().map(|s| s.to_string()).collect(),
        offline_numbers: NumberRange {
            first: 900,
            last: 999,
        },
        retention_days: None,
        appointment_codes: Some(protocol::AppointmentCodes::Optional),
    }
}

struct Setup {
    kiosk: std::rc::Rc<Kiosk>,
    catalog: Arc<Catalog>,
    visits: Arc<Mutex<Vec<Visit>>>,
}

fn start() -> Setup {
    i_slint_backend_testing::init_no_event_loop();
    let catalog = Arc::new(Catalog::embedded().unwrap());
    let all: Vec<String> = catalog.languages().map(String::from).collect();
    let visits = Arc::new(Mutex::new(Vec::new()));
    let kiosk = Kiosk::new(
        AppWindow::new().unwrap(),
        catalog.clone(),
        Box::new(Recorder(visits.clone())),
        all,
    );
    controllers::setup(&kiosk);
    kiosk.report(Report::Config(config(&["sv", "ar", "ti", "fi", "en"])));
    Setup {
        kiosk,
        catalog,
        visits,
    }
}

fn press(kiosk: &Kiosk, label: &str) {
    let found: Vec<ElementHandle> =
        ElementHandle::find_by_accessible_label(&kiosk.window, label).collect();
    assert!(!found.is_empty(), "nothing on screen is labelled {label:?}");
    found[0].invoke_accessible_default_action();
}

fn on_screen(kiosk: &Kiosk, label: &str) -> bool {
    ElementHandle::find_by_accessible_label(&kiosk.window, label)
        .next()
        .is_some()
}

#[test]
fn a_visitor_goes_from_language_to_ticket_in_arabic_right_to_left() {
    let Setup {
        kiosk,
        catalog,
        visits,
    } = start();
    assert_eq!(kiosk.languages(), ["sv", "ar", "ti", "fi", "en"]);
    // Languages by their own names; no errand before a language is chosen.
    assert!(on_screen(&kiosk, "ትግርኛ"));
    press(&kiosk, "العربية");
    assert_eq!(kiosk.screen(), Screen::Errand);
    assert!(kiosk.window.global::<Theme>().get_rtl());
    let ar = |id: &str| catalog.text("ar", id);
    assert!(
        on_screen(&kiosk, &ar("errand-other")),
        "don't know / something else is always there"
    );
    press(&kiosk, &ar("errand-job"));
    assert_eq!(kiosk.screen(), Screen::Questions);
    press(&kiosk, &ar("answer-yes"));
    // A booked time: the keypad, left without a code (taken on trust here).
    assert_eq!(kiosk.screen(), Screen::Code);
    press(&kiosk, &ar("code-without"));
    assert_eq!(kiosk.window.global::<QuestionsAdapter>().get_step(), 1);
    // The interpreter question is skipped: never blocking, counted as no.
    press(&kiosk, &ar("skip"));
    assert_eq!(kiosk.screen(), Screen::Ticket);
    assert_eq!(
        *visits.lock().unwrap(),
        [Visit {
            language: "ar".into(),
            errand: "job".into(),
            appointment: true,
            appointment_code: None,
            interpreter: false
        }]
    );
    let ticket = kiosk.window.global::<TicketAdapter>();
    assert_eq!(ticket.get_number(), "J7");
    assert!(ticket.get_has_qr());
    assert!(ticket.get_wait().contains("25"), "{}", ticket.get_wait());
    assert!(!ticket.get_people_ahead().is_empty());
    press(&kiosk, &ar("done"));
    assert_eq!(kiosk.screen(), Screen::Welcome);
    assert_eq!(kiosk.visit(), Visit::default());
    assert!(!kiosk.window.global::<Theme>().get_rtl());
}

#[test]
fn a_swedish_visitor_answers_both_questions() {
    let Setup {
        kiosk,
        catalog,
        visits,
    } = start();
    press(&kiosk, "Svenska");
    assert!(!kiosk.window.global::<Theme>().get_rtl());
    press(&kiosk, &catalog.text("sv", "errand-benefit"));
    press(&kiosk, "Nej");
    press(&kiosk, "Ja");
    assert_eq!(
        visits.lock().unwrap()[0],
        Visit {
            language: "sv".into(),
            errand: "benefit".into(),
            appointment: false,
            appointment_code: None,
            interpreter: true
        }
    );
}

#[test]
fn back_goes_one_step_back_and_from_the_errands_home() {
    let Setup { kiosk, catalog, .. } = start();
    press(&kiosk, "Suomi");
    press(&kiosk, &catalog.text("fi", "errand-study"));
    press(&kiosk, &catalog.text("fi", "answer-no"));
    let back = catalog.text("fi", "back");
    press(&kiosk, &back);
    assert_eq!(
        (
            kiosk.screen(),
            kiosk.window.global::<QuestionsAdapter>().get_step()
        ),
        (Screen::Questions, 0)
    );
    press(&kiosk, &back);
    assert_eq!(kiosk.screen(), Screen::Errand);
    press(&kiosk, &back);
    assert_eq!(kiosk.screen(), Screen::Welcome);
}

#[test]
fn an_idle_visitor_is_warned_and_then_forgotten() {
    let Setup {
        kiosk,
        catalog,
        visits,
    } = start();
    press(&kiosk, "English");
    press(&kiosk, &catalog.text("en", "errand-job"));
    // Counted from just after the last touch.
    let start = std::time::Instant::now();
    let at = |s: u64| start + std::time::Duration::from_secs(s);
    let idle = kiosk.window.global::<IdleAdapter>();
    kiosk.tick(at(30));
    assert!(!idle.get_warning());
    kiosk.tick(at(50));
    assert!(idle.get_warning());
    assert!(
        idle.get_countdown().contains("15"),
        "{}",
        idle.get_countdown()
    );
    // "I need more time" keeps everything.
    press(&kiosk, "I need more time");
    assert!(!idle.get_warning());
    assert_eq!(kiosk.screen(), Screen::Questions);
    // Later nobody answers the warning: back to the start, all forgotten.
    let later = std::time::Instant::now();
    kiosk.tick(later + std::time::Duration::from_secs(70));
    assert_eq!(kiosk.screen(), Screen::Welcome);
    assert_eq!(kiosk.visit(), Visit::default());
    assert!(visits.lock().unwrap().is_empty());
}

#[test]
fn large_text_and_high_contrast_are_reachable_on_every_screen_and_reset_after() {
    let Setup { kiosk, catalog, .. } = start();
    let theme = kiosk.window.global::<Theme>();
    let check_toggles = |tag: &str| {
        assert!(
            on_screen(&kiosk, &catalog.text(tag, "larger-text")),
            "{:?}",
            kiosk.screen()
        );
        assert!(
            on_screen(&kiosk, &catalog.text(tag, "high-contrast")),
            "{:?}",
            kiosk.screen()
        );
    };
    check_toggles("sv");
    press(&kiosk, &catalog.text("sv", "larger-text"));
    assert!(theme.get_large_text());
    press(&kiosk, "ትግርኛ");
    check_toggles("ti");
    press(&kiosk, &catalog.text("ti", "high-contrast"));
    assert!(theme.get_high_contrast());
    press(&kiosk, &catalog.text("ti", "errand-other"));
    check_toggles("ti");
    press(&kiosk, &catalog.text("ti", "skip"));
    press(&kiosk, &catalog.text("ti", "skip"));
    check_toggles("ti");
    press(&kiosk, &catalog.text("ti", "done"));
    assert!(!theme.get_large_text() && !theme.get_high_contrast());
}

#[test]
fn a_number_that_comes_after_the_visitor_left_is_not_shown_to_the_next() {
    struct Late(Arc<Mutex<Option<OnIssued>>>);
    impl CheckinPort for Late {
        fn check_in(&self, _: Visit, on_issued: OnIssued) {
            *self.0.lock().unwrap() = Some(on_issued);
        }

        fn ask_for_help(&self, _: String, on_answer: OnHelp) {
            on_answer(true);
        }
    }
    i_slint_backend_testing::init_no_event_loop();
    let catalog = Arc::new(Catalog::embedded().unwrap());
    let pending = Arc::new(Mutex::new(None));
    let all: Vec<String> = catalog.languages().map(String::from).collect();
    let kiosk = Kiosk::new(
        AppWindow::new().unwrap(),
        catalog.clone(),
        Box::new(Late(pending.clone())),
        all,
    );
    controllers::setup(&kiosk);
    kiosk.report(Report::Config(config(&["sv"])));
    press(&kiosk, "Svenska");
    press(&kiosk, &catalog.text("sv", "errand-job"));
    press(&kiosk, "Hoppa över");
    press(&kiosk, "Hoppa över");
    // "One moment" while the number is on its way.
    assert_eq!(kiosk.window.global::<TicketAdapter>().get_number(), "");
    press(&kiosk, "Klar");
    let late = pending.lock().unwrap().take().unwrap();
    late(Issued {
        number: Some("J1".into()),
        ..Issued::default()
    });
    // As the event loop would, once the letter is posted.
    kiosk.read_mail();
    assert_eq!(kiosk.window.global::<TicketAdapter>().get_number(), "");
}

/// A server that hears help requests (or cannot be reached).
struct HelpDesk {
    asked: Arc<Mutex<Vec<String>>>,
    reachable: bool,
}

impl CheckinPort for HelpDesk {
    fn check_in(&self, _: Visit, _: OnIssued) {}

    fn ask_for_help(&self, language: String, on_answer: OnHelp) {
        self.asked.lock().unwrap().push(language);
        on_answer(self.reachable);
    }
}

fn kiosk_with_help_desk(
    reachable: bool,
) -> (std::rc::Rc<Kiosk>, Arc<Catalog>, Arc<Mutex<Vec<String>>>) {
    i_slint_backend_testing::init_no_event_loop();
    let catalog = Arc::new(Catalog::embedded().unwrap());
    let all: Vec<String> = catalog.languages().map(String::from).collect();
    let asked = Arc::new(Mutex::new(Vec::new()));
    let kiosk = Kiosk::new(
        AppWindow::new().unwrap(),
        catalog.clone(),
        Box::new(HelpDesk {
            asked: asked.clone(),
            reachable,
        }),
        all,
    );
    controllers::setup(&kiosk);
    kiosk.report(Report::Config(config(&["sv", "ar", "ti", "fi", "en"])));
    (kiosk, catalog, asked)
}

/// What the help overlay says, as a screen reader would read it.
fn help_message(kiosk: &Kiosk) -> String {
    ElementHandle::find_by_accessible_label(&kiosk.window, "help-message")
        .next()
        .and_then(|e| e.accessible_description())
        .map(|d| d.to_string())
        .unwrap_or_default()
}

#[test]
fn a_visitor_asks_for_help_on_any_screen_in_their_language() {
    let (kiosk, catalog, asked) = kiosk_with_help_desk(true);
    let help = kiosk.window.global::<HelpAdapter>();
    // On the first screen, before a language is chosen: in Swedish.
    press(&kiosk, &catalog.text("sv", "help-button"));
    assert_eq!(help_message(&kiosk), catalog.text("sv", "help-sent"));
    press(&kiosk, &catalog.text("sv", "help-close"));
    assert_eq!(help.get_state(), 0);
    // Mid-visit, in Tigrinya: the visit stays where it was.
    press(&kiosk, "ትግርኛ");
    press(&kiosk, &catalog.text("ti", "errand-job"));
    assert_eq!(kiosk.screen(), Screen::Questions);
    press(&kiosk, &catalog.text("ti", "help-button"));
    assert_eq!(help_message(&kiosk), catalog.text("ti", "help-sent"));
    press(&kiosk, &catalog.text("ti", "help-close"));
    assert_eq!(kiosk.screen(), Screen::Questions);
    assert_eq!(*asked.lock().unwrap(), ["sv", "ti"]);
    // A visitor who walks away: the next one does not see it.
    press(&kiosk, &catalog.text("ti", "help-button"));
    kiosk.reset();
    assert_eq!(help.get_state(), 0);
}

#[test]
fn a_kiosk_that_cannot_reach_the_staff_says_so_and_never_pretends() {
    let (kiosk, catalog, asked) = kiosk_with_help_desk(false);
    press(&kiosk, "العربية");
    press(&kiosk, &catalog.text("ar", "help-button"));
    assert_eq!(help_message(&kiosk), catalog.text("ar", "help-failed"));
    assert_ne!(help_message(&kiosk), catalog.text("ar", "help-sent"));
    assert_eq!(*asked.lock().unwrap(), ["ar"]);
}

#[test]
fn changing_language_mid_visit_keeps_the_answers_and_returns_to_the_same_step() {
    let Setup {
        kiosk,
        catalog,
        visits,
    } = start();
    press(&kiosk, "Svenska");
    press(&kiosk, &catalog.text("sv", "errand-study"));
    press(&kiosk, "Ja");
    press(&kiosk, "Fortsätt utan kod");
    assert_eq!(kiosk.window.global::<QuestionsAdapter>().get_step(), 1);
    // The globe, on every screen: back to the languages, with a way back.
    press(&kiosk, &catalog.text("sv", "change-language"));
    assert_eq!(kiosk.screen(), Screen::Welcome);
    assert!(on_screen(&kiosk, &catalog.text("sv", "back")));
    press(&kiosk, "ትግርኛ");
    assert_eq!(kiosk.screen(), Screen::Questions);
    assert_eq!(kiosk.window.global::<QuestionsAdapter>().get_step(), 1);
    assert!(on_screen(&kiosk, &catalog.text("ti", "answer-yes")));
    press(&kiosk, &catalog.text("ti", "answer-no"));
    assert_eq!(
        visits.lock().unwrap()[0],
        Visit {
            language: "ti".into(),
            errand: "study".into(),
            appointment: true,
            appointment_code: None,
            interpreter: false
        }
    );
    // Not on the ticket: the check-in went with its language, in which the
    // number will be called.
    assert_eq!(kiosk.screen(), Screen::Ticket);
    assert!(!on_screen(&kiosk, &catalog.text("ti", "change-language")));
}

#[test]
fn a_visitor_who_walks_away_from_the_language_list_mid_visit_is_forgotten() {
    let Setup { kiosk, catalog, .. } = start();
    press(&kiosk, "Suomi");
    press(&kiosk, &catalog.text("fi", "errand-job"));
    press(&kiosk, &catalog.text("fi", "change-language"));
    // Back from the list changes nothing.
    press(&kiosk, &catalog.text("fi", "back"));
    assert_eq!(kiosk.screen(), Screen::Questions);
    press(&kiosk, &catalog.text("fi", "change-language"));
    let later = std::time::Instant::now() + std::time::Duration::from_secs(120);
    kiosk.tick(later);
    assert_eq!(kiosk.visit(), Visit::default());
    // The next visitor's choice starts a new visit, not the old one's.
    press(&kiosk, "Svenska");
    assert_eq!(kiosk.screen(), Screen::Errand);
}

#[test]
fn the_speaker_button_is_there_exactly_where_a_screen_can_be_read_aloud() {
    let Setup { kiosk, catalog, .. } = start();
    let read = |tag: &str| catalog.text(tag, "read-aloud");
    // No voices at all: never a button.
    assert!(!on_screen(&kiosk, &read("sv")));
    kiosk.enable_speech(
        kiosk::read_aloud::Voices::new(None),
        kiosk::speaker::Output::default(),
    );
    press(&kiosk, "Svenska");
    assert!(on_screen(&kiosk, &read("sv")), "espeak-ng speaks Swedish");
    press(&kiosk, &catalog.text("sv", "change-language"));
    press(&kiosk, "ትግርኛ");
    // Tigrinya has no synthetic voice and no recordings here.
    assert!(!on_screen(&kiosk, &read("ti")));
    press(&kiosk, &catalog.text("ti", "change-language"));
    press(&kiosk, "English");
    assert!(on_screen(&kiosk, &read("en")));
}

#[test]
fn the_idle_warning_counts_down_visibly() {
    let Setup { kiosk, catalog, .. } = start();
    press(&kiosk, "English");
    press(&kiosk, &catalog.text("en", "errand-job"));
    let start = std::time::Instant::now();
    let count = |kiosk: &Kiosk| -> String {
        ElementHandle::find_by_accessible_label(&kiosk.window, "countdown")
            .next()
            .and_then(|e| e.accessible_value())
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    kiosk.tick(start + std::time::Duration::from_secs(50));
    assert_eq!(count(&kiosk), "15");
    kiosk.tick(start + std::time::Duration::from_secs(56));
    assert_eq!(count(&kiosk), "9");
    assert!(kiosk
        .window
        .global::<IdleAdapter>()
        .get_countdown()
        .contains('9'));
}

/// A printer that answers at once, as the print process would.
struct PaperPrinter {
    answer: kiosk::printing::Answer,
    tickets: Arc<Mutex<Vec<kiosk::paper::Ticket>>>,
}

impl kiosk::printing::PrintPort for PaperPrinter {
    fn print(&self, ticket: kiosk::paper::Ticket, done: kiosk::printing::OnPrinted) {
        self.tickets.lock().unwrap().push(ticket);
        done(self.answer.clone());
    }
}

fn with_printer(
    kiosk: &Kiosk,
    printed: bool,
    state: protocol::PrinterState,
) -> Arc<Mutex<Vec<kiosk::paper::Ticket>>> {
    let tickets = Arc::new(Mutex::new(Vec::new()));
    kiosk.enable_printing(Box::new(PaperPrinter {
        answer: kiosk::printing::Answer {
            printed,
            printer: state,
            detail: None,
            drawn_ms: 60,
            sent_ms: 40,
        },
        tickets: tickets.clone(),
    }));
    tickets
}

/// Through the ticket, in Arabic; the letters from the printer read.
fn to_ticket_in_arabic(kiosk: &Kiosk, catalog: &Catalog) {
    let ar = |id: &str| catalog.text("ar", id);
    press(kiosk, "العربية");
    press(kiosk, &ar("errand-job"));
    press(kiosk, &ar("answer-no"));
    press(kiosk, &ar("answer-no"));
    kiosk.read_mail();
    assert_eq!(kiosk.screen(), Screen::Ticket);
}

#[test]
fn the_ticket_goes_to_the_printer_once_without_the_errand() {
    let Setup { kiosk, catalog, .. } = start();
    let tickets = with_printer(&kiosk, true, protocol::PrinterState::Ready);
    to_ticket_in_arabic(&kiosk, &catalog);
    // Shown again (as when the server's answer follows the kiosk's own):
    // still one paper.
    kiosk.show_issued(&Issued {
        number: Some("J7".into()),
        people_ahead: Some(1),
        ..Issued::default()
    });
    kiosk.read_mail();
    let printed = tickets.lock().unwrap().clone();
    assert_eq!(printed.len(), 1);
    let ticket = &printed[0];
    assert_eq!(
        (
            ticket.language.as_str(),
            ticket.number.as_str(),
            ticket.site.as_str()
        ),
        ("ar", "J7", "Mötesplats Årby")
    );
    assert!(ticket.status_url.is_some());
    let json = serde_json::to_string(ticket).unwrap();
    assert!(!json.contains("job"), "the errand is not on paper: {json}");
    assert_eq!(
        kiosk.window.global::<TicketAdapter>().get_printer_problem(),
        ""
    );
    assert!(!kiosk.window.global::<kiosk::Kiosk>().get_printer_trouble());
    // The next visitor gets a paper of their own.
    press(&kiosk, &catalog.text("ar", "done"));
    to_ticket_in_arabic(&kiosk, &catalog);
    assert_eq!(tickets.lock().unwrap().len(), 2);
}

#[test]
fn a_printer_out_of_paper_leaves_the_ticket_on_screen_with_a_line_and_the_staff_mark() {
    let Setup { kiosk, catalog, .. } = start();
    with_printer(&kiosk, false, protocol::PrinterState::PaperOut);
    to_ticket_in_arabic(&kiosk, &catalog);
    let ticket = kiosk.window.global::<TicketAdapter>();
    assert_eq!(ticket.get_number(), "J7", "the number stays on the screen");
    assert_eq!(
        ticket.get_printer_problem(),
        catalog.text("ar", "printer-out-of-paper")
    );
    assert!(on_screen(&kiosk, "printer-problem"));
    assert!(kiosk.window.global::<kiosk::Kiosk>().get_printer_trouble());
    // The next visitor starts without the line; the mark stays for staff.
    press(&kiosk, &catalog.text("ar", "done"));
    assert_eq!(ticket.get_printer_problem(), "");
    assert!(kiosk.window.global::<kiosk::Kiosk>().get_printer_trouble());
}

#[test]
fn a_printer_that_does_not_answer_is_said_not_to_work() {
    let Setup { kiosk, catalog, .. } = start();
    with_printer(&kiosk, false, protocol::PrinterState::Unreachable);
    to_ticket_in_arabic(&kiosk, &catalog);
    assert_eq!(
        kiosk.window.global::<TicketAdapter>().get_printer_problem(),
        catalog.text("ar", "printer-not-working")
    );
}

fn code_on_screen(kiosk: &Kiosk) -> String {
    let code: Vec<ElementHandle> =
        ElementHandle::find_by_accessible_label(&kiosk.window, "code").collect();
    assert_eq!(code.len(), 1, "one code field");
    code[0]
        .accessible_description()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_booked_visitor_types_the_code_on_the_keypad_and_a_wrong_one_is_said_kindly() {
    let Setup {
        kiosk,
        catalog,
        visits,
    } = start();
    let ar = |id: &str| catalog.text("ar", id);
    press(&kiosk, "العربية");
    press(&kiosk, &ar("errand-job"));
    press(&kiosk, &ar("answer-yes"));
    assert_eq!(kiosk.screen(), Screen::Code);
    assert!(on_screen(&kiosk, "code-hint"));
    // A wrong code first: the server knows no such booked visit.
    for key in ["9", "9", "9", "1", "1", "1"] {
        press(&kiosk, key);
    }
    assert_eq!(code_on_screen(&kiosk), "999111");
    press(&kiosk, &ar("code-done"));
    press(&kiosk, &ar("answer-no"));
    kiosk.read_mail();
    assert_eq!(kiosk.screen(), Screen::Code, "back to the keypad");
    assert!(on_screen(&kiosk, "code-unknown"));
    assert_eq!(code_on_screen(&kiosk), "");
    // Too few digits: Done does nothing. A seventh is not taken, and the
    // erase key takes the last one back.
    for key in ["4", "0", "7"] {
        press(&kiosk, key);
    }
    press(&kiosk, &ar("code-done"));
    assert_eq!(kiosk.screen(), Screen::Code);
    for key in ["1", "1", "9", "5"] {
        press(&kiosk, key);
    }
    assert_eq!(code_on_screen(&kiosk), "407119");
    press(&kiosk, &ar("code-erase"));
    press(&kiosk, "8");
    assert_eq!(code_on_screen(&kiosk), "407118");
    // The interpreter question was answered already: straight to the ticket.
    press(&kiosk, &ar("code-done"));
    kiosk.read_mail();
    assert_eq!(kiosk.screen(), Screen::Ticket);
    let ticket = kiosk.window.global::<TicketAdapter>();
    assert_eq!(ticket.get_number(), "J7");
    assert_eq!(ticket.get_booking_note(), ar("code-accepted"));
    let visits = visits.lock().unwrap();
    assert_eq!(visits.len(), 2);
    assert_eq!(visits[0].appointment_code.as_deref(), Some("999111"));
    assert_eq!(
        visits[1],
        Visit {
            language: "ar".into(),
            errand: "job".into(),
            appointment: true,
            appointment_code: Some("407118".into()),
            interpreter: false,
        }
    );
}

#[test]
fn where_codes_are_required_the_keypad_asks_instead_of_the_question() {
    let Setup {
        kiosk,
        catalog,
        visits,
    } = start();
    let mut site = config(&["sv", "ar", "ti", "fi", "en"]);
    site.appointment_codes = Some(protocol::AppointmentCodes::Required);
    kiosk.report(Report::Config(site));
    press(&kiosk, "Suomi");
    press(&kiosk, &catalog.text("fi", "errand-study"));
    assert_eq!(kiosk.screen(), Screen::Code);
    assert!(!on_screen(&kiosk, &catalog.text("fi", "code-without")));
    // Back goes to the errands; "I have no booked time" goes on without one.
    press(&kiosk, &catalog.text("fi", "back"));
    assert_eq!(kiosk.screen(), Screen::Errand);
    press(&kiosk, &catalog.text("fi", "errand-study"));
    press(&kiosk, &catalog.text("fi", "code-no-booking"));
    assert_eq!(kiosk.window.global::<QuestionsAdapter>().get_step(), 1);
    press(&kiosk, &catalog.text("fi", "back"));
    assert_eq!(kiosk.screen(), Screen::Code);
    press(&kiosk, &catalog.text("fi", "code-no-booking"));
    press(&kiosk, &catalog.text("fi", "answer-no"));
    let visit = &visits.lock().unwrap()[0];
    assert!(!visit.appointment && visit.appointment_code.is_none());
}
