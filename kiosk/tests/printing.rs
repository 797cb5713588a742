//! Paper tickets as a receipt printer receives them: `kiosk print-test`
//! against a fake network printer on 127.0.0.1 that speaks ESC/POS status
//! and keeps what it is sent. The raster is read back into an image, saved
//! to `target/paper/` to be looked at, measured, and its QR code decoded.

use std::{
    io::{Read, Write},
    net::TcpListener,
    process::Command,
    sync::{Arc, Mutex},
    time::Duration,
};

use kiosk::escpos::{self, Raster};

/// What the fake printer answers to each `DLE EOT n`: (1, 2, 4).
#[derive(Clone, Copy)]
struct Answers([u8; 3]);

const READY: Answers = Answers([0x12, 0x12, 0x12]);
const PAPER_OUT: Answers = Answers([0x1a, 0x32, 0x72]);

/// A network printer on a free port of 127.0.0.1: it answers status
/// queries and keeps every job (everything else it is sent).
struct FakePrinter {
    port: u16,
    jobs: Arc<Mutex<Vec<Vec<u8>>>>,
}

impl FakePrinter {
    fn start(answers: Answers) -> FakePrinter {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let jobs: Arc<Mutex<Vec<Vec<u8>>>> = Arc::default();
        let kept = jobs.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                stream
                    .set_read_timeout(Some(Duration::from_secs(20)))
                    .unwrap();
                let mut job = Vec::new();
                let mut byte = [0u8; 1];
                let mut pending = Vec::new();
                // A real printer reads commands in order; so does this one:
                // a status query is three bytes, a raster says its length.
                while stream.read(&mut byte).unwrap_or(0) == 1 {
                    pending.push(byte[0]);
                    if let [0x10, 0x04, n] = pending[..] {
                        let i = match n {
                            1 => 0,
                            2 => 1,
                            _ => 2,
                        };
                        stream.write_all(&[answers.0[i]]).unwrap();
                        pending.clear();
                    } else if let [0x1d, 0x76, 0x30, _, xl, xh, yl, yh] = pending[..] {
                        let len = u16::from_le_bytes([xl, xh]) as usize
                            * u16::from_le_bytes([yl, yh]) as usize;
                        let mut data = vec![0u8; len];
                        stream.read_exact(&mut data).unwrap();
                        job.extend_from_slice(&pending);
                        job.extend_from_slice(&data);
                        pending.clear();
                    } else if let [0x1b, 0x40] = pending[..] {
                        job.extend_from_slice(&pending);
                        pending.clear();
                    } else if let [0x1d, 0x56, 0x42, _] = pending[..] {
                        // The cut ends a job: kept before the next status
                        // answer, so a sender that heard it finds it here.
                        job.extend_from_slice(&pending);
                        pending.clear();
                        kept.lock().unwrap().push(std::mem::take(&mut job));
                    } else if pending.len() > 8 {
                        panic!("the printer was sent something it does not know: {pending:02x?}");
                    }
                }
                assert!(job.is_empty(), "a job without a cut: {} bytes", job.len());
            }
        });
        FakePrinter { port, jobs }
    }

    fn uri(&self) -> String {
        format!("tcp://127.0.0.1:{}", self.port)
    }

    fn jobs(&self) -> Vec<Vec<u8>> {
        self.jobs.lock().unwrap().clone()
    }
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
        let printer = FakePrinter::start(READY);
        let (printed, said) = print_test(&printer, lang, paper_mm);
        println!("{lang}: {said}");
        assert!(printed, "{said}");
        assert!(said.contains("ready"), "{said}");
        let jobs = printer.jobs();
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
    let printer = FakePrinter::start(PAPER_OUT);
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
    let ready = FakePrinter::start(READY);
    let answer = ask(&port(&ready));
    assert!(answer.printed && answer.printer == "ready", "{answer:?}");
    assert_eq!(ready.jobs().len(), 1);
    let empty = FakePrinter::start(PAPER_OUT);
    let answer = ask(&port(&empty));
    assert!(
        !answer.printed && answer.printer == "paper_out",
        "{answer:?}"
    );
    assert!(empty.jobs().is_empty());
}
