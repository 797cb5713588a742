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
    /// One counsellor at a time, taking turns: the cost of a call itself.
    alone: Vec<Duration>,
    /// All of them at once: the cost with the queueing behind it.
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

    let mut alone = Vec::new();
    for i in 0..(calls / 10).max(10) {
        let session = &sessions[i % sessions.len()];
        let t = Instant::now();
        let id = call_next(server, session).await?;
        alone.push(t.elapsed());
        if let Some(id) = id {
            done(server, session, &id).await?;
        }
    }
    alone.sort();

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
                let id = call_next(server, &session).await?;
                let took = t.elapsed();
                // None: nobody this counsellor handles is waiting any more.
                let Some(id) = id else { break };
                latencies.lock().unwrap().push(took);
                ensure!(
                    called.lock().unwrap().insert(id.clone()),
                    "ticket {id} was called twice"
                );
                done(server, &session, &id).await?;
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
        alone,
        calls_per_s: calls.len() as f64 / elapsed.as_secs_f64(),
        calls,
        commit,
    })
}

/// Presses "call next"; the id of the ticket called, if any.
pub async fn call_next(
    server: &ServerProcess,
    session: &Session,
) -> anyhow::Result<Option<String>> {
    let r = session
        .post(server, "/api/v1/counsellor/next")
        .send()
        .await?;
    if !r.status().is_success() {
        bail!("call next failed: {}", r.status());
    }
    let body: serde_json::Value = r.json().await?;
    Ok(body["ticket"]["id"].as_str().map(str::to_string))
}

pub async fn done(server: &ServerProcess, session: &Session, id: &str) -> anyhow::Result<()> {
    let r = session
        .post(server, &format!("/api/v1/tickets/{id}/done"))
        .send()
        .await?;
    ensure!(r.status().is_success(), "done failed: {}", r.status());
    Ok(())
}

/// The time of one durable single-row commit, next to the server's database.
fn commit_latencies(server: &ServerProcess, n: usize) -> anyhow::Result<Vec<Duration>> {
    let conn = crate::checkin::raw_table(&server.dir.join("commit.db"))?;
    let mut times = (0..n)
        .map(|i| {
            let t = Instant::now();
            conn.execute("INSERT INTO rows (payload) VALUES (?1)", [i.to_string()])
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
            "{} tickets waiting at one site, {} counsellors logged in. First they take turns, \
             one call at a time ({} calls); then all press at once: each calls the next visitor, \
             marks the visit done and waits {} ms ({} calls, {} overall, with as many \
             \"done\"). Every ticket was called once. Times are over HTTP, from the request \
             to the answer, which comes after the durable commit.\n\n\
             | figure | p50 | p99 | target |\n| --- | --- | --- | --- |\n\
             | `POST /api/v1/counsellor/next`, one at a time | {} | {} | p99 < 2 ms |\n\
             | `POST /api/v1/counsellor/next`, all at once | {} | {} | |\n\
             | limit: one durable SQLite commit, same disk | {} | {} | |\n",
            self.waiting,
            self.counsellors,
            self.alone.len(),
            THINK.as_millis(),
            self.calls.len(),
            rate(self.calls_per_s),
            ms(percentile(&self.alone, 0.5)),
            ms(percentile(&self.alone, 0.99)),
            ms(percentile(&self.calls, 0.5)),
            ms(percentile(&self.calls, 0.99)),
            ms(percentile(&self.commit, 0.5)),
            ms(percentile(&self.commit, 0.99)),
        )
    }
}
