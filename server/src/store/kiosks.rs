//! Kiosks: their offline number slot and the hash of their bearer token.

use rusqlite::{params, Connection, OptionalExtension};

use crate::{config::Config, numbering::KIOSK_SLOTS, store::error::StoreResult};

/// Gives every configured kiosk a slot that stays the same from day to day,
/// and forgets kiosks that are no longer configured (their tokens with them).
pub fn sync_slots(conn: &mut Connection, config: &Config) -> anyhow::Result<()> {
    let tx = conn.savepoint()?;
    let stored: Vec<(String, String)> = tx
        .prepare("SELECT id, site FROM kiosks")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (id, site) in &stored {
        if config.kiosk(id).is_none_or(|k| &k.site != site) {
            tx.prepare_cached("DELETE FROM kiosks WHERE id = ?1")?
                .execute([id])?;
        }
    }
    for kiosk in &config.kiosks {
        let known: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM kiosks WHERE id = ?1)")?
            .query_row([&kiosk.id], |r| r.get(0))?;
        if known {
            continue;
        }
        let used: Vec<u32> = tx
            .prepare("SELECT slot FROM kiosks WHERE site = ?1")?
            .query_map([&kiosk.site], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let slot = (0..KIOSK_SLOTS)
            .find(|s| !used.contains(s))
            .ok_or_else(|| {
                anyhow::anyhow!("site {:?} has more than {KIOSK_SLOTS} kiosks", kiosk.site)
            })?;
        tx.prepare_cached("INSERT INTO kiosks (id, site, slot) VALUES (?1, ?2, ?3)")?
            .execute(params![kiosk.id, kiosk.site, slot])?;
    }
    tx.commit()?;
    Ok(())
}

/// Stores the hash of a new token, which revokes the previous one.
pub fn set_token(conn: &Connection, kiosk: &str, token_hash: &str, now: i64) -> anyhow::Result<()> {
    let changed = conn
        .prepare_cached("UPDATE kiosks SET token_hash = ?2, issued_at = ?3 WHERE id = ?1")?
        .execute(params![kiosk, token_hash, now])?;
    anyhow::ensure!(changed == 1, "kiosk {kiosk:?} is not in the config");
    Ok(())
}

/// The kiosk id and slot a token hash belongs to.
pub fn by_token(conn: &Connection, token_hash: &str) -> StoreResult<Option<(String, u32)>> {
    Ok(conn
        .prepare_cached("SELECT id, slot FROM kiosks WHERE token_hash = ?1")?
        .query_row([token_hash], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}
