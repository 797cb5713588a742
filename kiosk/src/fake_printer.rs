//! A network receipt printer on 127.0.0.1 that speaks ESC/POS as far as the
//! kiosk uses it: it answers status queries as told, and keeps every job
//! with the moment its last byte (the cut) arrived. For the tests and the
//! benchmark; no kiosk ever runs it.

use std::{
    io::{Read, Write},
    net::TcpListener,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

/// What it answers to each `DLE EOT n`, for n = 1, 2 and 4.
#[derive(Debug, Clone, Copy)]
pub struct Answers(pub [u8; 3]);

pub const READY: Answers = Answers([0x12, 0x12, 0x12]);
pub const PAPER_OUT: Answers = Answers([0x1a, 0x32, 0x72]);

/// A job and when its cut arrived.
pub type Job = (Vec<u8>, Instant);

pub struct FakePrinter {
    pub port: u16,
    jobs: Arc<Mutex<Vec<Job>>>,
}

impl FakePrinter {
    pub fn start(answers: Answers) -> std::io::Result<FakePrinter> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let jobs: Arc<Mutex<Vec<Job>>> = Arc::default();
        let kept = jobs.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().map_while(Result::ok) {
                let kept = kept.clone();
                std::thread::spawn(move || serve(stream, answers, &kept));
            }
        });
        Ok(FakePrinter { port, jobs })
    }

    pub fn uri(&self) -> String {
        format!("tcp://127.0.0.1:{}", self.port)
    }

    pub fn jobs(&self) -> Vec<Job> {
        self.jobs.lock().expect("jobs").clone()
    }
}

/// Reads commands in order, as a printer does: a status query is three
/// bytes, a raster says its own length, the cut ends a job. Anything else
/// ends the connection.
fn serve(mut stream: std::net::TcpStream, answers: Answers, kept: &Mutex<Vec<Job>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
    let mut job = Vec::new();
    let mut pending = Vec::new();
    let mut byte = [0u8; 1];
    while stream.read(&mut byte).unwrap_or(0) == 1 {
        pending.push(byte[0]);
        match pending[..] {
            [0x10, 0x04, n] => {
                let answer = answers.0[match n {
                    1 => 0,
                    2 => 1,
                    _ => 2,
                }];
                if stream.write_all(&[answer]).is_err() {
                    return;
                }
                pending.clear();
            }
            [0x1d, 0x76, 0x30, _, xl, xh, yl, yh] => {
                let len =
                    u16::from_le_bytes([xl, xh]) as usize * u16::from_le_bytes([yl, yh]) as usize;
                let mut data = vec![0u8; len];
                if stream.read_exact(&mut data).is_err() {
                    return;
                }
                job.append(&mut pending);
                job.extend_from_slice(&data);
            }
            [0x1b, 0x40] => job.append(&mut pending),
            // Kept before the next status answer, so a sender that heard
            // that answer finds its job here.
            [0x1d, 0x56, 0x42, _] => {
                job.append(&mut pending);
                kept.lock()
                    .expect("jobs")
                    .push((std::mem::take(&mut job), Instant::now()));
            }
            _ if pending.len() > 8 => return,
            _ => {}
        }
    }
}
