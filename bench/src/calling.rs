//! "Call next" with a long queue: many waiting tickets at one site and many
//! counsellors pressing the button at once, each then marking the visit done.
//! Beside it, the floor under any durable change: one SQLite commit.

use std::{
    collections::HashSet,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};

use anyhow::{bail, ensure, Context};
use futures_util::{stream, StreamExt, TryStreamExt};

use crate::{
    server::{self, ServerProcess, Session},
    stats::{ms, percentile, rate},
};

/// A counsellor's pause between one visitor and the next. People are far
/// slower; this keeps fifty of them busy without measuring only the queueing.
const THINK: Duration = Duration::from_millis(20);

pub struct Figures {
    waiting: usize,
    counsellors: usize,
    calls: Vec<Duration>,
    calls_per_s: f64,
    commit: Vec<Duration>,
}

/// Check-ins through the API, many at a time, until `n` tickets wait.
pub async fn fill_queue(server: &ServerProcess, tokens: &[String], n: usize) -> anyhow::Result<()> {
    let client = reqwest::Client::new();
    stream::iter(0..n)
        .map(|i| {
            let client = client.clone();
            let token = tokens[i % tokens.len()].clone();
            let url = server.url("/api/v1/checkins");
            async move {
                let body = serde_json::json!({
                    "id": uuid::Uuid::new_v4(),
                    "errand": server::ERRANDS[i % server::ERRANDS.len()],
                    "language": server::language(i / 7),
                    "appointment": i % 10 == 0,
                    "interpreter": false,
                    "created_at": chrono::Utc::now().to_rfc3339(),
                });
                let r = client
                    .post(url)
                    .bearer_auth(token)
                    .json(&body)
                    .send()
                    .await?;
                if r.status() != reqwest::StatusCode::CREATED {
                    bail!("a check-in was refused: {}", r.status());
                }
                anyhow::Ok(())
            }
        })
        .buffer_unordered(32)
        .try_collect::<()>()
        .await
}

pub async fn run(
    server: &ServerProcess,
    tokens: &[String],
    waiting: usize,
    calls: usize,
) -> anyhow::Result<Figures> {
    fill_queue(server, tokens, waiting).await?;
    let counsellors = server.counsellors;
    let sessions = stream::iter(0..counsellors)
        .then(|i| async move { Session::login(server, &format!("c{i}")).await })
        .try_collect::<Vec<_>>()
        .await?;

    let budget = Arc::new(AtomicUsize::new(calls));
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(calls)));
    let called = Arc::new(Mutex::new(HashSet::new()));
    let started = Instant::now();
    let workers = sessions.into_iter().map(|session| {
        let (budget, latencies, called) = (budget.clone(), latencies.clone(), called.clone());
        async move {
            while budget
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok()
            {
                let t = Instant::now();
                let r = session
                    .post(server, "/api/v1/counsellor/next")
                    .send()
                    .await?;
                let took = t.elapsed();
                if !r.status().is_success() {
                    bail!("call next failed: {}", r.status());
                }
                let body: serde_json::Value = r.json().await?;
                let Some(id) = body["ticket"]["id"].as_str() else {
                    // Nobody this counsellor handles is waiting any more.
                    break;
                };
                latencies.lock().unwrap().push(took);
                ensure!(
                    called.lock().unwrap().insert(id.to_string()),
                    "ticket {id} was called twice"
                );
                let done = session
                    .post(server, &format!("/api/v1/tickets/{id}/done"))
                    .send()
                    .await?;
                ensure!(done.status().is_success(), "done failed: {}", done.status());
                tokio::time::sleep(THINK).await;
            }
            anyhow::Ok(())
        }
    });
    futures_util::future::try_join_all(workers).await?;
    let elapsed = started.elapsed();
    let mut calls = std::mem::take(&mut *latencies.lock().unwrap());
    ensure!(!calls.is_empty(), "no ticket was called");
    calls.sort();
    let commit = commit_latencies(server, calls.len().min(2_000))?;
    Ok(Figures {
        waiting,
        counsellors,
        calls_per_s: calls.len() as f64 / elapsed.as_secs_f64(),
        calls,
        commit,
    })
}

/// The time of one durable single-row commit, next to the server's database.
fn commit_latencies(server: &ServerProcess, n: usize) -> anyhow::Result<Vec<Duration>> {
    let path = server.db.with_file_name("commit.db");
    let conn = rusqlite::Connection::open(&path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, at INTEGER NOT NULL)")?;
    let mut times = (0..n)
        .map(|i| {
            let t = Instant::now();
            conn.execute("INSERT INTO t (at) VALUES (?1)", [i as i64])
                .context("raw commit")?;
            Ok(t.elapsed())
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    times.sort();
    Ok(times)
}

impl Figures {
    pub fn markdown(&self) -> String {
        format!(
            "{} tickets waiting at one site, {} counsellors logged in; each calls the next \
             visitor, marks the visit done and waits {} ms. {} calls, {} overall; every ticket \
             called once.\n\n\
             | figure | p50 | p99 | target |\n| --- | --- | --- | --- |\n\
             | `POST /api/v1/counsellor/next`, over HTTP | {} | {} | p99 < 2 ms |\n\
             | limit: one durable SQLite commit, same disk | {} | {} | |\n",
            self.waiting,
            self.counsellors,
            THINK.as_millis(),
            self.calls.len(),
            rate(self.calls_per_s),
            ms(percentile(&self.calls, 0.5)),
            ms(percentile(&self.calls, 0.99)),
            ms(percentile(&self.commit, 0.5)),
            ms(percentile(&self.commit, 0.99)),
        )
    }
}
