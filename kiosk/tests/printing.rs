//! Paper tickets as a receipt printer receives them: `kiosk print-test`
//! against a fake network printer on 127.0.0.1 that speaks ESC/POS status
//! and keeps what it is sent. The raster is read back into an image, saved
//! to `target/paper/` to be looked at, measured, and its QR code decoded.

use std::{net::TcpListener, process::Command, time::Duration};

use kiosk::{
    escpos::{self, Raster},
    fake_printer::{FakePrinter, PAPER_OUT, READY},
};

/// The jobs a fake printer kept, without their times.
fn jobs(printer: &FakePrinter) -> Vec<Vec<u8>> {
    printer.jobs().into_iter().map(|(job, _)| job).collect()
}

fn print_test(printer: &FakePrinter, lang: &str, paper_mm: u32) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kiosk"))
        .args(["print-test", "--lang", lang])
        .args(["--printer", &printer.uri()])
        .args(["--paper-width-mm", &paper_mm.to_string()])
        .env_remove("VAGVISARE_KIOSK_CONFIG")
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), said)
}

fn save_png(raster: &Raster, name: &str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/paper");
    std::fs::create_dir_all(&dir).unwrap();
    let file = std::fs::File::create(dir.join(format!("{name}.png"))).unwrap();
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), raster.width, raster.height);
    encoder.set_color(png::ColorType::Grayscale);
    let mut writer = encoder.write_header().unwrap();
    let grey: Vec<u8> = (0..raster.height)
        .flat_map(|y| (0..raster.width).map(move |x| (x, y)))
        .map(|(x, y)| if raster.is_black(x, y) { 0 } else { 255 })
        .collect();
    writer.write_image_data(&grey).unwrap();
}

fn qr_in(raster: &Raster) -> Vec<String> {
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(
        raster.width as usize,
        raster.height as usize,
        |x, y| {
            if raster.is_black(x as u32, y as u32) {
                0
            } else {
                255
            }
        },
    );
    image
        .detect_grids()
        .into_iter()
        .filter_map(|grid| grid.decode().ok().map(|(_, text)| text))
        .collect()
}

#[test]
fn the_printed_ticket_is_one_raster_of_the_paper_width_with_a_readable_qr_code() {
    let status_url = kiosk::screens::sample_ticket().status_url.unwrap();
    for (lang, paper_mm, dots) in [("sv", 80, 576), ("ar", 80, 576), ("ti", 58, 384)] {
        let printer = FakePrinter::start(READY).unwrap();
        let (printed, said) = print_test(&printer, lang, paper_mm);
        println!("{lang}: {said}");
        assert!(printed, "{said}");
        assert!(said.contains("ready"), "{said}");
        let jobs = jobs(&printer);
        assert_eq!(jobs.len(), 1, "one job");
        assert!(escpos::is_cut(&jobs[0]), "the ticket is cut off");
        let images = escpos::rasters_in(&jobs[0]);
        assert_eq!(images.len(), 1, "one image");
        let ticket = &images[0];
        save_png(ticket, &format!("{lang}-{paper_mm}mm"));
        assert_eq!(ticket.width, dots);
        assert!(
            ticket.height > dots / 2,
            "a ticket, not a sliver: {}",
            ticket.height
        );
        let black = ticket.bits.iter().map(|b| b.count_ones()).sum::<u32>();
        assert!(black > ticket.width * 20, "there is print on it");
        assert_eq!(qr_in(ticket), vec![status_url.clone()], "{lang}");
    }
}

#[test]
fn a_printer_out_of_paper_gets_no_ticket_and_says_so() {
    let printer = FakePrinter::start(PAPER_OUT).unwrap();
    let (printed, said) = print_test(&printer, "sv", 80);
    assert!(!printed, "{said}");
    assert!(said.contains("paper_out"), "{said}");
    assert!(
        printer.jobs().is_empty(),
        "nothing was sent to an empty printer"
    );
}

#[test]
fn a_printer_that_is_not_there_is_said_to_be_unreachable_in_time() {
    // A port nobody listens on.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let started = std::time::Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_kiosk"))
        .args([
            "print-test",
            "--printer",
            &format!("tcp://127.0.0.1:{port}"),
        ])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success());
    assert!(said.contains("unreachable"), "{said}");
    assert!(started.elapsed() < Duration::from_secs(15));
}

/// How the kiosk prints from its ticket screen: through its own program,
/// off the window's thread, the answer coming back by a callback.
#[test]
fn the_kiosk_prints_through_a_process_of_its_own_and_hears_how_it_went() {
    use kiosk::printing::{PrintPort, Subprocess};
    let port = |printer: &FakePrinter| {
        Subprocess::using(
            env!("CARGO_BIN_EXE_kiosk").into(),
            kiosk::settings::Printer {
                address: printer.uri().parse().unwrap(),
                dots: 576,
            },
        )
    };
    let ask = |port: &Subprocess| {
        let (tx, rx) = std::sync::mpsc::channel();
        port.print(
            kiosk::printing::sample("fa"),
            Box::new(move |answer| tx.send(answer).unwrap()),
        );
        rx.recv_timeout(Duration::from_secs(30)).unwrap()
    };
    let ready = FakePrinter::start(READY).unwrap();
    let answer = ask(&port(&ready));
    assert!(
        answer.printed && answer.printer == protocol::PrinterState::Ready,
        "{answer:?}"
    );
    assert_eq!(jobs(&ready).len(), 1);
    let empty = FakePrinter::start(PAPER_OUT).unwrap();
    let answer = ask(&port(&empty));
    assert!(
        !answer.printed && answer.printer == protocol::PrinterState::PaperOut,
        "{answer:?}"
    );
    assert!(jobs(&empty).is_empty());
}
