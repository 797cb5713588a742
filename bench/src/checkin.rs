//! Check-in throughput, beside the two limits it is measured against in the
//! same run: the server's `/healthz` under the same load generator, and raw
//! SQLite durable commits on the same disk.

use std::{
    path::Path,
    time::{Duration, Instant},
};

use anyhow::ensure;
use rusqlite::Connection;

use crate::{
    server::ServerProcess,
    stats::{ms, rate},
    wrk::{self, Load},
};

pub const SCRIPT: &str = include_str!("checkin.lua");

/// About the size of a ticket row with its stored request and answer.
const PAYLOAD: usize = 600;

pub struct Figures {
    pub healthz: wrk::Report,
    pub checkins: wrk::Report,
    pub stored: u64,
    pub raw_commits_per_s: f64,
    pub raw_rows_per_s_batched: f64,
}

pub async fn run(
    server: &ServerProcess,
    tokens: &[String],
    dir: &Path,
    load: &Load,
) -> anyhow::Result<Figures> {
    let healthz = wrk::run(load, &server.url("/healthz"), None)?;
    let script = dir.join("checkin.lua");
    std::fs::write(&script, SCRIPT)?;
    let checkins = wrk::run(
        load,
        &server.url("/api/v1/checkins"),
        Some((&script, tokens)),
    )?;
    ensure!(
        checkins.failures == 0,
        "{} check-ins failed during the benchmark",
        checkins.failures
    );
    // Every acknowledged check-in must be in the database: wrk counts only
    // the answers it received, so the store may hold a few more.
    let stored = server.tickets_stored().await?;
    ensure!(
        stored >= checkins.requests,
        "{} check-ins were acknowledged but only {stored} are stored",
        checkins.requests
    );
    let (raw_commits_per_s, raw_rows_per_s_batched) = raw_sqlite(dir, load.duration)?;
    Ok(Figures {
        healthz,
        checkins,
        stored,
        raw_commits_per_s,
        raw_rows_per_s_batched,
    })
}

/// A new SQLite file with the server's durability settings (WAL,
/// synchronous=FULL) and one table without indexes: the limit the store is
/// measured against.
pub fn raw_table(path: &Path) -> anyhow::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.execute_batch("CREATE TABLE rows (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)")?;
    Ok(conn)
}

/// Durable commits per second with one row each, and rows per second with
/// 32 rows per commit.
pub fn raw_sqlite(dir: &Path, duration: Duration) -> anyhow::Result<(f64, f64)> {
    let conn = raw_table(&dir.join("raw.db"))?;
    let payload = "x".repeat(PAYLOAD);
    let insert = |rows: usize| -> anyhow::Result<f64> {
        let started = Instant::now();
        let mut written = 0u64;
        while started.elapsed() < duration {
            conn.execute_batch("BEGIN")?;
            for _ in 0..rows {
                conn.prepare_cached("INSERT INTO rows (payload) VALUES (?1)")?
                    .execute([&payload])?;
            }
            conn.execute_batch("COMMIT")?;
            written += rows as u64;
        }
        Ok(written as f64 / started.elapsed().as_secs_f64())
    };
    let single = insert(1)?;
    let batched = insert(32)?;
    drop(conn);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.join(format!("raw.db{suffix}")));
    }
    Ok((single, batched))
}

impl Figures {
    pub fn markdown(&self, load: &Load) -> String {
        let ratio = self.checkins.per_second / self.healthz.per_second;
        format!(
            "Load: wrk, {} threads, {} connections, {} s per run; each check-in is acknowledged \
             only after its commit (WAL, synchronous=FULL). {} check-ins acknowledged, {} stored.\n\n\
             | figure | per second | p50 | p99 | target |\n| --- | --- | --- | --- | --- |\n\
             | check-ins (`POST /api/v1/checkins`) | {} | {} | {} | at least half of `/healthz` |\n\
             | limit: `GET /healthz`, same load | {} | {} | {} | |\n\
             | limit: raw SQLite, one row per durable commit | {} | | | |\n\
             | limit: raw SQLite, 32 rows per durable commit | {} rows | | | |\n\n\
             Check-ins reach **{:.2}** of the `/healthz` rate and **{:.1}×** raw single-row commits.\n",
            load.threads,
            load.connections,
            load.duration.as_secs(),
            self.checkins.requests,
            self.stored,
            rate(self.checkins.per_second),
            ms(self.checkins.p50),
            ms(self.checkins.p99),
            rate(self.healthz.per_second),
            ms(self.healthz.p50),
            ms(self.healthz.p99),
            rate(self.raw_commits_per_s),
            rate(self.raw_rows_per_s_batched),
            ratio,
            self.checkins.per_second / self.raw_commits_per_s,
        )
    }
}
