//! The two store engines side by side, in the same run: check-ins per second
//! and "call next" latency on SQLite, on PostgreSQL with one server
//! instance, and on PostgreSQL with two instances sharing the database, each
//! beside its engine's limit: raw durable single-row commits on the same
//! disk. PostgreSQL is the one `VAGVISARE_TEST_PG` names (`scripts/bench`
//! starts a throwaway one with `scripts/with-postgres`).

use std::{
    collections::HashSet,
    path::Path,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use anyhow::{ensure, Context};

use crate::{
    calling::{call_next, done, fill_queue},
    server::{ServerProcess, Session},
    stats::{ms, percentile, rate},
    wrk::{self, Load},
};

/// One engine and how many instances share it.
struct Setup {
    name: &'static str,
    instances: usize,
    postgres: bool,
}

const SETUPS: [Setup; 3] = [
    Setup {
        name: "SQLite, one instance",
        instances: 1,
        postgres: false,
    },
    Setup {
        name: "PostgreSQL, one instance",
        instances: 1,
        postgres: true,
    },
    Setup {
        name: "PostgreSQL, two instances",
        instances: 2,
        postgres: true,
    },
];

struct Row {
    name: &'static str,
    checkins_per_s: f64,
    checkin_p99: Duration,
    calls: Vec<Duration>,
}

pub struct Figures {
    rows: Vec<Row>,
    counsellors: usize,
    waiting: usize,
    sqlite_commits_per_s: f64,
    postgres_commits_per_s: Option<f64>,
    load: String,
}

pub async fn run(
    binary: &Path,
    dir: &Path,
    load: &Load,
    counsellors: usize,
    waiting: usize,
) -> anyhow::Result<Figures> {
    let admin = std::env::var("VAGVISARE_TEST_PG").ok();
    let mut rows = Vec::new();
    for (n, setup) in SETUPS.iter().enumerate() {
        let run_dir = dir.join(format!("engine-{n}"));
        let db = match (setup.postgres, &admin) {
            (false, _) => run_dir.join("bench.db").to_string_lossy().into_owned(),
            (true, Some(admin)) => new_database(admin).await?,
            (true, None) => continue,
        };
        let (first, tokens) = ServerProcess::start_on(binary, &run_dir, counsellors, db).await?;
        let mut servers = vec![first];
        for _ in 1..setup.instances {
            let another = servers[0].another(binary).await?;
            servers.push(another);
        }
        let (checkins_per_s, checkin_p99) = checkins(&servers, &tokens, &run_dir, load).await?;
        fill_queue(&servers[0], &tokens, waiting).await?;
        let calls = calls(&servers, counsellors, waiting / 2).await?;
        rows.push(Row {
            name: setup.name,
            checkins_per_s,
            checkin_p99,
            calls,
        });
    }
    let (sqlite_commits_per_s, _) = crate::checkin::raw_sqlite(dir, load.duration)?;
    let postgres_commits_per_s = match &admin {
        Some(admin) => Some(raw_postgres(&new_database(admin).await?, load.duration).await?),
        None => None,
    };
    Ok(Figures {
        rows,
        counsellors,
        waiting,
        sqlite_commits_per_s,
        postgres_commits_per_s,
        load: format!(
            "wrk, {} threads, {} connections, {} s",
            load.threads,
            load.connections,
            load.duration.as_secs()
        ),
    })
}

/// A fresh database on the PostgreSQL server `admin` names; its URL.
async fn new_database(admin: &str) -> anyhow::Result<String> {
    let name = format!("bench_{}", uuid::Uuid::new_v4().simple());
    let (client, connection) = tokio_postgres::connect(admin, tokio_postgres::NoTls)
        .await
        .context("cannot reach the PostgreSQL of VAGVISARE_TEST_PG")?;
    tokio::spawn(connection);
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await?;
    let (server, _) = admin.rsplit_once('/').context("a URL with a database")?;
    Ok(format!("{server}/{name}"))
}

/// The check-in load spread over the instances at once (wrk against each,
/// the connections shared out); check-ins per second in all, and the worst
/// instance's p99.
async fn checkins(
    servers: &[ServerProcess],
    tokens: &[String],
    dir: &Path,
    load: &Load,
) -> anyhow::Result<(f64, Duration)> {
    let script = dir.join("checkin.lua");
    std::fs::write(&script, crate::checkin::SCRIPT)?;
    let share = Load {
        threads: 1,
        connections: (load.connections / servers.len() as u32).max(1),
        duration: load.duration,
    };
    let reports = std::thread::scope(|s| {
        let runs: Vec<_> = servers
            .iter()
            .map(|server| {
                let (share, script) = (&share, &script);
                let url = server.url("/api/v1/checkins");
                s.spawn(move || wrk::run(share, &url, Some((script, tokens))))
            })
            .collect();
        runs.into_iter()
            .map(|r| r.join().expect("wrk's thread"))
            .collect::<anyhow::Result<Vec<_>>>()
    })?;
    let acknowledged: u64 = reports.iter().map(|r| r.requests).sum();
    ensure!(
        reports.iter().all(|r| r.failures == 0),
        "check-ins failed during the benchmark"
    );
    let stored = servers[0].tickets_stored().await?;
    ensure!(
        stored >= acknowledged,
        "{acknowledged} check-ins were acknowledged but only {stored} are stored"
    );
    Ok((
        reports.iter().map(|r| r.per_second).sum(),
        reports.iter().map(|r| r.p99).max().unwrap_or_default(),
    ))
}

/// Every counsellor (on the instances in turn) calls and finishes visitors
/// at once until `n` are called; each call's latency. No visitor is called
/// twice.
async fn calls(
    servers: &[ServerProcess],
    counsellors: usize,
    n: usize,
) -> anyhow::Result<Vec<Duration>> {
    let mut sessions = Vec::new();
    for i in 0..counsellors {
        let server = &servers[i % servers.len()];
        sessions.push((server, Session::login(server, &format!("c{i}")).await?));
    }
    let budget = Arc::new(Mutex::new(n));
    let called = Arc::new(Mutex::new(HashSet::new()));
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let workers = sessions.into_iter().map(|(server, session)| {
        let (budget, called, latencies) = (budget.clone(), called.clone(), latencies.clone());
        async move {
            loop {
                {
                    let mut left = budget.lock().unwrap();
                    if *left == 0 {
                        break;
                    }
                    *left -= 1;
                }
                let t = Instant::now();
                let Some(id) = call_next(server, &session).await? else {
                    break;
                };
                latencies.lock().unwrap().push(t.elapsed());
                ensure!(
                    called.lock().unwrap().insert(id.clone()),
                    "ticket {id} was called twice"
                );
                done(server, &session, &id).await?;
            }
            anyhow::Ok(())
        }
    });
    futures_util::future::try_join_all(workers).await?;
    let mut latencies = std::mem::take(&mut *latencies.lock().unwrap());
    ensure!(!latencies.is_empty(), "no ticket was called");
    latencies.sort();
    Ok(latencies)
}

/// Durable single-row commits per second on PostgreSQL (its default
/// `synchronous_commit = on`), one connection.
async fn raw_postgres(url: &str, duration: Duration) -> anyhow::Result<f64> {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await?;
    tokio::spawn(connection);
    client
        .batch_execute("CREATE TABLE rows (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL)")
        .await?;
    let insert = client
        .prepare("INSERT INTO rows (payload) VALUES ($1)")
        .await?;
    let payload = "x".repeat(600);
    let started = Instant::now();
    let mut written = 0u64;
    while started.elapsed() < duration {
        client.execute(&insert, &[&payload]).await?;
        written += 1;
    }
    Ok(written as f64 / started.elapsed().as_secs_f64())
}

impl Figures {
    pub fn markdown(&self) -> String {
        let mut out = format!(
            "Check-ins: {}, spread over the instances. Then {} tickets wait and {} counsellors, \
             spread over the instances, each call the next visitor and mark the visit done, all \
             at once, until half are called; no visitor was called twice. Each figure is \
             acknowledged only after its durable commit.\n\n\
             | store | check-ins per second | check-in p99 | call next p50 | call next p99 |\n\
             | --- | --- | --- | --- | --- |\n",
            self.load, self.waiting, self.counsellors
        );
        for r in &self.rows {
            out += &format!(
                "| {} | {} | {} | {} | {} |\n",
                r.name,
                rate(r.checkins_per_s),
                ms(r.checkin_p99),
                ms(percentile(&r.calls, 0.5)),
                ms(percentile(&r.calls, 0.99)),
            );
        }
        out += &format!(
            "| limit: raw SQLite, one row per durable commit | {} | | | |\n",
            rate(self.sqlite_commits_per_s)
        );
        match self.postgres_commits_per_s {
            Some(per_s) => {
                out += &format!(
                    "| limit: raw PostgreSQL, one row per durable commit, one connection | {} | | | |\n",
                    rate(per_s)
                )
            }
            None => {
                out += "\nPostgreSQL was not measured: `VAGVISARE_TEST_PG` was not set (`scripts/bench` sets it).\n"
            }
        }
        out
    }
}
