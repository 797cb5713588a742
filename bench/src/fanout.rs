//! Live fan-out: many display boards and phones subscribed to one site's
//! events; how long until every one of them has heard a call, and what the
//! server holds in memory meanwhile.

use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context};
use futures_util::{stream, StreamExt, TryStreamExt};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
    sync::mpsc,
};

use crate::{
    calling::fill_queue,
    server::{ServerProcess, Session, SITE},
    stats::{ms, percentile},
};

/// How many subscribers connect at once: more would overflow the listen
/// backlog and measure the kernel's retry timer instead.
const CONNECTING: usize = 256;
/// A round that has not reached everyone by then has failed.
const ROUND_DEADLINE: Duration = Duration::from_secs(30);

pub struct Figures {
    subscribers: usize,
    rounds: usize,
    latencies: Vec<Duration>,
    rss_idle_mib: f64,
    rss_peak_mib: f64,
}

/// One subscriber: a plain HTTP/1.1 connection reading the event stream. It
/// reports each `call` event it sees on `heard`.
async fn subscribe(server: &ServerProcess) -> anyhow::Result<TcpStream> {
    let mut socket = TcpStream::connect(server.addr).await?;
    socket
        .write_all(
            format!(
                "GET /api/v1/sites/{SITE}/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
                server.addr
            )
            .as_bytes(),
        )
        .await?;
    // The headers come once the server has subscribed this connection.
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = socket.read(&mut buf).await?;
        if n == 0 {
            bail!("the server closed an event stream before its headers");
        }
        head.extend_from_slice(&buf[..n]);
    }
    ensure!(head.starts_with(b"HTTP/1.1 200"), "event stream refused");
    Ok(socket)
}

async fn listen(mut socket: TcpStream, heard: mpsc::UnboundedSender<Instant>) {
    let mut buf = vec![0u8; 4096];
    let mut carry = Vec::new();
    loop {
        let n = match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        let now = Instant::now();
        carry.extend_from_slice(&buf[..n]);
        // Count whole lines only: an event name may be split across reads.
        let Some(end) = carry.iter().rposition(|&b| b == b'\n') else {
            continue;
        };
        let calls = carry[..=end]
            .split(|&b| b == b'\n')
            .filter(|line| line.starts_with(b"event: call") || line.starts_with(b"event:call"))
            .count();
        carry.drain(..=end);
        for _ in 0..calls {
            if heard.send(now).is_err() {
                return;
            }
        }
    }
}

pub async fn run(
    server: &ServerProcess,
    tokens: &[String],
    subscribers: usize,
    rounds: usize,
) -> anyhow::Result<Figures> {
    // The one counsellor handles two of the six errands: enough tickets for
    // every round.
    fill_queue(server, tokens, rounds * 3).await?;
    let counsellor = Session::login(server, "c0").await?;

    let sockets: Vec<TcpStream> = stream::iter(0..subscribers)
        .map(|_| subscribe(server))
        .buffer_unordered(CONNECTING)
        .try_collect()
        .await
        .context("cannot open the subscribers' connections (is `ulimit -n` high enough?)")?;
    let (heard_tx, mut heard) = mpsc::unbounded_channel();
    for socket in sockets {
        tokio::spawn(listen(socket, heard_tx.clone()));
    }
    drop(heard_tx);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_idle_mib = server.resident_mib();
    let mut rss_peak_mib = rss_idle_mib;

    let mut latencies = Vec::with_capacity(subscribers * rounds);
    for round in 0..rounds {
        let called_at = Instant::now();
        let r = counsellor
            .post(server, "/api/v1/counsellor/next")
            .send()
            .await?;
        ensure!(r.status().is_success(), "call next failed: {}", r.status());
        let body: serde_json::Value = r.json().await?;
        ensure!(body["ticket"].is_object(), "round {round}: nobody to call");
        let deadline = tokio::time::Instant::now() + ROUND_DEADLINE;
        let mut reached = 0;
        while reached < subscribers {
            match tokio::time::timeout_at(deadline, heard.recv()).await {
                Ok(Some(at)) => {
                    latencies.push(at - called_at);
                    reached += 1;
                }
                Ok(None) => bail!("every subscriber has gone"),
                Err(_) => bail!(
                    "round {round}: only {reached} of {subscribers} subscribers heard the call"
                ),
            }
        }
        rss_peak_mib = rss_peak_mib.max(server.resident_mib());
    }
    latencies.sort();
    Ok(Figures {
        subscribers,
        rounds,
        latencies,
        rss_idle_mib,
        rss_peak_mib,
    })
}

impl Figures {
    pub fn markdown(&self) -> String {
        format!(
            "{} subscribers on one site's event stream (plain HTTP/1.1 connections from one \
             client process on the same machine), {} calls one after another; the time runs \
             from sending \"call next\" until each subscriber has read the `call` event.\n\n\
             | figure | value | target |\n| --- | --- | --- |\n\
             | call reaches every subscriber, p50 | {} | |\n\
             | call reaches every subscriber, p99 | {} | < 1 s |\n\
             | slowest of all deliveries | {} | |\n\
             | server resident memory, subscribers idle | {:.0} MiB | |\n\
             | server resident memory, peak during the calls | {:.0} MiB | < 256 MB |\n",
            self.subscribers,
            self.rounds,
            ms(percentile(&self.latencies, 0.5)),
            ms(percentile(&self.latencies, 0.99)),
            ms(percentile(&self.latencies, 1.0)),
            self.rss_idle_mib,
            self.rss_peak_mib,
        )
    }
}
