//! Kiosks on PostgreSQL: their offline number slot and the hash of their
//! bearer token.

use deadpool_postgres::Transaction;

use super::Prepared;

use crate::{
    config::Config,
    numbering::KIOSK_SLOTS,
    store::{StoreError, StoreResult},
};

/// Gives every configured kiosk a slot that stays the same from day to day,
/// and forgets kiosks that are no longer configured (their tokens with them).
pub async fn sync_slots(tx: &Transaction<'_>, config: &Config) -> StoreResult<()> {
    let stored: Vec<(String, String)> = tx
        .rows("SELECT id, site FROM kiosks", &[])
        .await?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    for (id, site) in &stored {
        if config.kiosk(id).is_none_or(|k| &k.site != site) {
            tx.run("DELETE FROM kiosks WHERE id = $1", &[id]).await?;
        }
    }
    for kiosk in &config.kiosks {
        let known: bool = tx
            .row(
                "SELECT EXISTS (SELECT 1 FROM kiosks WHERE id = $1)",
                &[&kiosk.id],
            )
            .await?
            .get(0);
        if known {
            continue;
        }
        let used: Vec<i64> = tx
            .rows("SELECT slot FROM kiosks WHERE site = $1", &[&kiosk.site])
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let slot = (0..KIOSK_SLOTS)
            .find(|s| !used.contains(&i64::from(*s)))
            .ok_or_else(|| {
                StoreError::Internal(anyhow::anyhow!(
                    "site {:?} has more than {KIOSK_SLOTS} kiosks",
                    kiosk.site
                ))
            })?;
        tx.run(
            "INSERT INTO kiosks (id, site, slot) VALUES ($1, $2, $3)",
            &[&kiosk.id, &kiosk.site, &i64::from(slot)],
        )
        .await?;
    }
    Ok(())
}

/// Stores the hash of a new token, which revokes the previous one.
pub async fn set_token(
    tx: &Transaction<'_>,
    kiosk: &str,
    token_hash: &str,
    now: i64,
) -> StoreResult<()> {
    let changed = tx
        .run(
            "UPDATE kiosks SET token_hash = $2, issued_at = $3 WHERE id = $1",
            &[&kiosk, &token_hash, &now],
        )
        .await?;
    if changed == 0 {
        // The kiosk is not in the config.
        return Err(StoreError::NotFound("kiosk"));
    }
    Ok(())
}

/// The kiosk id and slot a token hash belongs to.
pub async fn by_token(
    tx: &Transaction<'_>,
    token_hash: &str,
) -> StoreResult<Option<(String, u32)>> {
    let Some(row) = tx
        .maybe_row(
            "SELECT id, slot FROM kiosks WHERE token_hash = $1",
            &[&token_hash],
        )
        .await?
    else {
        return Ok(None);
    };
    let slot = u32::try_from(row.get::<_, i64>(1)).map_err(|e| StoreError::Internal(e.into()))?;
    Ok(Some((row.get(0), slot)))
}
