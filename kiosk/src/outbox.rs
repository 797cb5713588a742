//! The kiosk's own SQLite outbox: every check-in is written here, in one
//! transaction, before anything goes over the network, and stays until the
//! server has acknowledged it. Also the offline number counter and the cached
//! site configuration, so the kiosk starts and works with the server down.

use std::path::Path;

use anyhow::Context;
use chrono::{DateTime, FixedOffset, Local};
use protocol::{CheckinRequest, KioskConfig, NumberRange, OfflineNumber};
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use crate::visit::Visit;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS checkins (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,  -- the order of sending
    id             TEXT NOT NULL UNIQUE,
    errand         TEXT NOT NULL,
    language       TEXT NOT NULL,
    appointment    INTEGER NOT NULL,
    interpreter    INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    offline_number TEXT,      -- set when the kiosk gave the number itself
    sent_at        INTEGER,   -- set only after the server answered 2xx
    server_number  TEXT,
    rejected       TEXT,      -- an error the server will always give; kept for staff
    appointment_code TEXT     -- a booked visit's six digits, until the server has them
);
CREATE TABLE IF NOT EXISTS offline_counters (
    day  TEXT PRIMARY KEY,
    last INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS site_config (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    json       TEXT NOT NULL,
    fetched_at INTEGER NOT NULL
);
";

/// A check-in waiting to be sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Unsent {
    pub request: CheckinRequest,
}

pub struct Outbox {
    conn: Connection,
}

impl Outbox {
    pub fn open(path: &Path) -> anyhow::Result<Outbox> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let conn = Connection::open(path)
            .with_context(|| format!("cannot open the outbox {}", path.display()))?;
        // Durable before the visitor sees a number: the kiosk may lose power
        // the moment after.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.execute_batch(SCHEMA)?;
        // An outbox made before booked visits had codes lacks the column.
        let has_code: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM pragma_table_info('checkins') WHERE name = 'appointment_code')",
            [],
            |r| r.get(0),
        )?;
        if !has_code {
            conn.execute("ALTER TABLE checkins ADD COLUMN appointment_code TEXT", [])?;
        }
        Ok(Outbox { conn })
    }

    /// Records a check-in; when this returns, it survives a crash.
    pub fn record(&mut self, visit: &Visit) -> anyhow::Result<CheckinRequest> {
        let request = CheckinRequest {
            id: Uuid::new_v4(),
            errand: visit.errand.clone(),
            language: visit.language.clone(),
            appointment: visit.appointment,
            interpreter: visit.interpreter,
            created_at: Local::now().fixed_offset(),
            number: None,
            appointment_code: visit.appointment_code.clone(),
        };
        self.conn.execute(
            "INSERT INTO checkins (id, errand, language, appointment, interpreter, created_at, appointment_code)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                request.id.to_string(),
                request.errand,
                request.language,
                request.appointment,
                request.interpreter,
                request.created_at.to_rfc3339(),
                request.appointment_code,
            ],
        )?;
        Ok(request)
    }

    /// Gives a recorded check-in a number from this kiosk's offline range,
    /// counting per local day. `None` when the day's range is used up.
    pub fn assign_offline_number(
        &mut self,
        id: Uuid,
        prefix: &str,
        range: NumberRange,
    ) -> anyhow::Result<Option<String>> {
        let tx = self.conn.transaction()?;
        let day = Local::now().format("%Y-%m-%d").to_string();
        let last: Option<u32> = tx
            .query_row(
                "SELECT last FROM offline_counters WHERE day = ?1",
                [&day],
                |r| r.get(0),
            )
            .optional()?;
        let next = last.map_or(range.first, |l| l + 1);
        if !range.contains(next) {
            return Ok(None);
        }
        let number = format!("{prefix}{next}");
        tx.execute(
            "INSERT INTO offline_counters (day, last) VALUES (?1, ?2) ON CONFLICT (day) DO UPDATE SET last = ?2",
            params![day, next],
        )?;
        tx.execute(
            "UPDATE checkins SET offline_number = ?2 WHERE id = ?1",
            params![id.to_string(), number],
        )?;
        tx.commit()?;
        Ok(Some(number))
    }

    /// Everything not yet acknowledged, oldest first.
    pub fn unsent(&self) -> anyhow::Result<Vec<Unsent>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, errand, language, appointment, interpreter, created_at, offline_number,
                    appointment_code
             FROM checkins WHERE sent_at IS NULL AND rejected IS NULL ORDER BY seq",
        )?;
        let rows = stmt.query_map([], |r| {
            let id: String = r.get(0)?;
            let created_at: String = r.get(5)?;
            let number: Option<String> = r.get(6)?;
            Ok((
                (id, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?),
                (created_at, number, r.get(7)?),
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let ((id, errand, language, appointment, interpreter), (created_at, number, code)) =
                row?;
            out.push(Unsent {
                request: CheckinRequest {
                    id: id.parse().context("a stored id is not a UUID")?,
                    errand,
                    language,
                    appointment,
                    interpreter,
                    created_at: DateTime::<FixedOffset>::parse_from_rfc3339(&created_at)
                        .context("a stored time is not RFC 3339")?,
                    number: number.map(OfflineNumber::Printed),
                    appointment_code: code,
                },
            });
        }
        Ok(out)
    }

    pub fn unsent_count(&self) -> anyhow::Result<u32> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM checkins WHERE sent_at IS NULL AND rejected IS NULL",
            [],
            |r| r.get(0),
        )?)
    }

    /// Only after a 2xx: the server has the check-in.
    pub fn mark_sent(&mut self, id: Uuid, server_number: &str) -> anyhow::Result<()> {
        self.conn.execute(
            // The server has the code now: it does not stay on this PC.
            "UPDATE checkins SET sent_at = ?2, server_number = ?3, appointment_code = NULL WHERE id = ?1",
            params![
                id.to_string(),
                chrono::Utc::now().timestamp_millis(),
                server_number
            ],
        )?;
        Ok(())
    }

    /// Forgets check-ins older than `days` that are done with (sent, or
    /// refused for good), and old days' offline counters: the outbox sits
    /// on a PC in a public room and keeps no more than the server does.
    /// Unsent check-ins are kept whatever their age: they are not done with.
    pub fn forget_older_than(&mut self, days: u32) -> anyhow::Result<usize> {
        let modifier = format!("-{days} days");
        let forgotten = self.conn.execute(
            "DELETE FROM checkins WHERE (sent_at IS NOT NULL OR rejected IS NOT NULL)
             AND julianday(created_at) < julianday('now', ?1)",
            [&modifier],
        )?;
        self.conn.execute(
            "DELETE FROM offline_counters WHERE julianday(day) < julianday('now', ?1)",
            [&modifier],
        )?;
        Ok(forgotten)
    }

    /// The code typed offline names no booked visit: the visitor keeps
    /// their number and is sent on without the code and its head start.
    pub fn drop_code(&mut self, id: Uuid) -> anyhow::Result<()> {
        self.conn.execute(
            "UPDATE checkins SET appointment_code = NULL, appointment = 0 WHERE id = ?1",
            params![id.to_string()],
        )?;
        Ok(())
    }

    /// The server refused the check-in for good (a 4xx it will always give);
    /// kept, with the reason, so staff can see what happened.
    pub fn mark_rejected(&mut self, id: Uuid, reason: &str) -> anyhow::Result<()> {
        self.conn.execute(
            "UPDATE checkins SET rejected = ?2, appointment_code = NULL WHERE id = ?1",
            params![id.to_string(), reason],
        )?;
        Ok(())
    }

    pub fn cache_config(&mut self, config: &KioskConfig) -> anyhow::Result<()> {
        self.conn.execute(
            "INSERT INTO site_config (id, json, fetched_at) VALUES (1, ?1, ?2)
             ON CONFLICT (id) DO UPDATE SET json = ?1, fetched_at = ?2",
            params![
                serde_json::to_string(config)?,
                chrono::Utc::now().timestamp_millis()
            ],
        )?;
        Ok(())
    }

    pub fn cached_config(&self) -> anyhow::Result<Option<KioskConfig>> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT json FROM site_config WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp() -> (std::path::PathBuf, Outbox) {
        let path = std::env::temp_dir().join(format!("vagvisare-outbox-{}.db", Uuid::new_v4()));
        let outbox = Outbox::open(&path).unwrap();
        (path, outbox)
    }

    fn visit() -> Visit {
        Visit {
            language: "ar".into(),
            errand: "job".into(),
            appointment: true,
            appointment_code: None,
            interpreter: false,
        }
    }

    #[test]
    fn recorded_checkins_wait_in_order_until_sent() {
        let (path, mut outbox) = temp();
        let a = outbox.record(&visit()).unwrap();
        let b = outbox.record(&visit()).unwrap();
        let unsent = outbox.unsent().unwrap();
        assert_eq!(
            unsent.iter().map(|u| u.request.id).collect::<Vec<_>>(),
            [a.id, b.id]
        );
        assert_eq!(unsent[0].request, a);
        outbox.mark_sent(a.id, "J1").unwrap();
        assert_eq!(outbox.unsent_count().unwrap(), 1);
        outbox.mark_rejected(b.id, "unknown_errand").unwrap();
        assert_eq!(outbox.unsent_count().unwrap(), 0);
        // Still there after reopening.
        drop(outbox);
        let outbox = Outbox::open(&path).unwrap();
        let n: i64 = outbox
            .conn
            .query_row("SELECT COUNT(*) FROM checkins", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 2);
        let _ = std::fs::remove_file(path);
    }

    #[test]
    fn offline_numbers_count_up_within_the_range_and_stop_at_its_end() {
        let (path, mut outbox) = temp();
        let range = NumberRange {
            first: 900,
            last: 901,
        };
        let ids: Vec<Uuid> = (0..3)
            .map(|_| outbox.record(&visit()).unwrap().id)
            .collect();
        assert_eq!(
            outbox
                .assign_offline_number(ids[0], "J", range)
                .unwrap()
                .as_deref(),
            Some("J900")
        );
        assert_eq!(
            outbox
                .assign_offline_number(ids[1], "S", range)
                .unwrap()
                .as_deref(),
            Some("S901")
        );
        assert_eq!(
            outbox.assign_offline_number(ids[2], "J", range).unwrap(),
            None
        );
        let unsent = outbox.unsent().unwrap();
        assert_eq!(
            unsent[0].request.number,
            Some(OfflineNumber::Printed("J900".into()))
        );
        assert_eq!(unsent[2].request.number, None);
        let _ = std::fs::remove_file(path);
    }

    #[test]
    fn sent_and_refused_checkins_are_forgotten_after_the_retention_period() {
        let (path, mut outbox) = temp();
        let (sent, refused, unsent, recent) = (
            outbox.record(&visit()).unwrap(),
            outbox.record(&visit()).unwrap(),
            outbox.record(&visit()).unwrap(),
            outbox.record(&visit()).unwrap(),
        );
        outbox.mark_sent(sent.id, "J1").unwrap();
        outbox.mark_rejected(refused.id, "unknown_errand").unwrap();
        outbox.mark_sent(recent.id, "J2").unwrap();
        // Three of them were taken 91 days ago.
        let old = (chrono::Utc::now() - chrono::Duration::days(91)).to_rfc3339();
        for id in [sent.id, refused.id, unsent.id] {
            outbox
                .conn
                .execute(
                    "UPDATE checkins SET created_at = ?2 WHERE id = ?1",
                    params![id.to_string(), old],
                )
                .unwrap();
        }
        assert_eq!(outbox.forget_older_than(90).unwrap(), 2);
        let left: Vec<String> = outbox
            .conn
            .prepare("SELECT id FROM checkins ORDER BY seq")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        // The unsent one stays however old it is: the server has not got it.
        assert_eq!(left, [unsent.id.to_string(), recent.id.to_string()]);
        let _ = std::fs::remove_file(path);
    }
}
