//! The live event hub: one broadcast channel per site.
//!
//! Events are serialised once when published and shared by every subscriber.
//! A subscriber that falls behind loses the oldest events (and is told to
//! re-read) instead of holding up the others.

use std::{collections::HashMap, sync::Arc};

use protocol::{CallEvent, QueueEvent, TicketEvent};
use serde::Serialize;
use tokio::sync::broadcast;

use crate::config::Config;

/// How many events a slow subscriber may fall behind before it skips.
const BACKLOG: usize = 1024;

/// One event, ready to send: its SSE name and JSON data.
#[derive(Debug, Clone)]
pub struct SiteEvent {
    pub name: &'static str,
    pub data: Arc<str>,
}

impl SiteEvent {
    fn new(name: &'static str, payload: &impl Serialize) -> SiteEvent {
        let data = serde_json::to_string(payload).expect("event types always serialise");
        SiteEvent {
            name,
            data: data.into(),
        }
    }

    pub fn call(e: &CallEvent) -> SiteEvent {
        SiteEvent::new("call", e)
    }

    pub fn ticket(e: &TicketEvent) -> SiteEvent {
        SiteEvent::new("ticket", e)
    }

    pub fn queue(e: &QueueEvent) -> SiteEvent {
        SiteEvent::new("queue", e)
    }
}

pub struct Hub {
    sites: HashMap<String, broadcast::Sender<SiteEvent>>,
}

impl Hub {
    pub fn new(config: &Config) -> Hub {
        let sites = config
            .sites
            .iter()
            .map(|s| (s.id.clone(), broadcast::channel(BACKLOG).0))
            .collect();
        Hub { sites }
    }

    pub fn publish(&self, site: &str, events: Vec<SiteEvent>) {
        if let Some(tx) = self.sites.get(site) {
            for e in events {
                // No subscribers is not an error: nobody is watching yet.
                let _ = tx.send(e);
            }
        }
    }

    pub fn subscribe(&self, site: &str) -> Option<broadcast::Receiver<SiteEvent>> {
        self.sites.get(site).map(|tx| tx.subscribe())
    }
}
