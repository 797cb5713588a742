//! The live event hub: per site, one public channel and one for staff.
//!
//! The public channel feeds the waiting room's display board, and anyone on
//! the network can listen to it, so it carries only calls: a number, a desk
//! and an opaque reference to the spoken call. Everything else (a ticket's
//! status, the queue's length) goes to the staff channel, which only logged-in
//! staff and the server itself hear; status pages learn from it through
//! their own token's stream, which tells them no more than that something
//! changed.
//!
//! Events are serialised once when published and shared by every subscriber.
//! A subscriber that falls behind loses the oldest events (and is told to
//! re-read) instead of holding up the others. How many may listen to a
//! site's streams at once is capped, so that listeners cannot use up the
//! server's connections and file descriptors.

use std::{collections::HashMap, sync::Arc};

use protocol::{CallEvent, QueueEvent, TicketEvent};
use serde::Serialize;
use tokio::sync::{broadcast, OwnedSemaphorePermit, Semaphore};

use crate::config::Config;

/// How many events a slow subscriber may fall behind before it skips.
const BACKLOG: usize = 1024;

/// Who may hear an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Anyone: the display board. Only calls.
    Public,
    /// Logged-in people at the site, and the server's own status streams.
    Staff,
}

/// One event, ready to send: its SSE name and JSON data, and for a call its
/// id (the call's trail entry), by which a reconnecting board asks for what
/// it missed.
#[derive(Debug, Clone)]
pub struct SiteEvent {
    pub name: &'static str,
    pub data: Arc<str>,
    pub audience: Audience,
    pub id: Option<i64>,
}

impl SiteEvent {
    fn new(name: &'static str, audience: Audience, payload: &impl Serialize) -> SiteEvent {
        let data = serde_json::to_string(payload).expect("event types always serialise");
        SiteEvent {
            name,
            data: data.into(),
            audience,
            id: None,
        }
    }

    pub fn call(e: &CallEvent, seq: i64) -> SiteEvent {
        SiteEvent {
            id: Some(seq),
            ..SiteEvent::new("call", Audience::Public, e)
        }
    }

    pub fn ticket(e: &TicketEvent) -> SiteEvent {
        SiteEvent::new("ticket", Audience::Staff, e)
    }

    pub fn queue(e: &QueueEvent) -> SiteEvent {
        SiteEvent::new("queue", Audience::Staff, e)
    }

    /// A kiosk's health changed in a way staff should see: staff only, and
    /// without content (the workstation fetches what to show).
    pub fn kiosk() -> SiteEvent {
        SiteEvent::new("kiosk", Audience::Staff, &serde_json::json!({}))
    }

    /// The site's booked visits changed: one was booked or cancelled, or
    /// (`arrival`: the counsellor's username and the ticket's number) its
    /// visitor checked in with the code. Staff only, so that the counsellor
    /// who booked it hears at once.
    pub fn appointment(arrival: Option<(&str, &str)>) -> SiteEvent {
        let data = match arrival {
            Some((counsellor, number)) => {
                serde_json::json!({"counsellor": counsellor, "number": number})
            }
            None => serde_json::json!({}),
        };
        SiteEvent::new("appointment", Audience::Staff, &data)
    }

    /// A help request or an alarm (named by its kind): staff only, never public.
    pub fn alert(alert: &crate::store::alerts::Alert) -> SiteEvent {
        SiteEvent::new(alert.kind, Audience::Staff, alert)
    }

    /// Someone acknowledged an alert.
    pub fn ack(alert: &crate::store::alerts::Alert) -> SiteEvent {
        SiteEvent::new(
            "ack",
            Audience::Staff,
            &serde_json::json!({"id": alert.id, "acknowledged_by": alert.acknowledged_by}),
        )
    }
}

/// Every event name there is: an event relayed from another server
/// instance is taken only under one of these.
const NAMES: [&str; 8] = [
    "call",
    "ticket",
    "queue",
    "kiosk",
    "appointment",
    "help",
    "alarm",
    "ack",
];

/// Events as they travel from one server instance to the others (through
/// PostgreSQL's NOTIFY): who sent them, the site, and each event as it
/// would be sent.
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Relayed {
    from: String,
    site: String,
    events: Vec<(String, String, bool, Option<i64>)>,
}

/// A site's events for the other instances, from instance `from`.
pub fn relay(from: &str, site: &str, events: &[SiteEvent]) -> String {
    let relayed = Relayed {
        from: from.to_string(),
        site: site.to_string(),
        events: events
            .iter()
            .map(|e| {
                (
                    e.name.to_string(),
                    e.data.to_string(),
                    e.audience == Audience::Public,
                    e.id,
                )
            })
            .collect(),
    };
    serde_json::to_string(&relayed).expect("events always serialise")
}

/// Events relayed by an instance (who, the site, the events), as they were
/// published there; `None` for anything else.
pub fn unrelay(payload: &str) -> Option<(String, String, Vec<SiteEvent>)> {
    let relayed: Relayed = serde_json::from_str(payload).ok()?;
    let events = relayed
        .events
        .into_iter()
        .map(|(name, data, public, id)| {
            Some(SiteEvent {
                name: NAMES.into_iter().find(|n| *n == name)?,
                data: data.into(),
                audience: if public {
                    Audience::Public
                } else {
                    Audience::Staff
                },
                id,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some((relayed.from, relayed.site, events))
}

struct SiteChannels {
    public: broadcast::Sender<SiteEvent>,
    staff: broadcast::Sender<SiteEvent>,
    /// One permit per open public or status stream of this site.
    listeners: Arc<Semaphore>,
    /// Staff streams have places of their own, so that nobody outside can
    /// fill the site's places and keep an alarm from the workstations.
    staff_listeners: Arc<Semaphore>,
}

pub struct Hub {
    sites: HashMap<String, SiteChannels>,
    /// Places per site and audience: what every semaphore started with.
    places: usize,
}

/// A subscription, holding its place among the site's listeners until it is
/// dropped.
pub struct Subscription {
    pub events: broadcast::Receiver<SiteEvent>,
    pub permit: OwnedSemaphorePermit,
}

/// Why a subscription was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    UnknownSite,
    Full,
}

impl Hub {
    /// `listeners_per_site` caps the open streams of each site.
    pub fn new(config: &Config, listeners_per_site: usize) -> Hub {
        let sites = config
            .sites
            .iter()
            .map(|s| {
                let channels = SiteChannels {
                    public: broadcast::channel(BACKLOG).0,
                    staff: broadcast::channel(BACKLOG).0,
                    listeners: Arc::new(Semaphore::new(listeners_per_site)),
                    staff_listeners: Arc::new(Semaphore::new(listeners_per_site)),
                };
                (s.id.clone(), channels)
            })
            .collect();
        Hub {
            sites,
            places: listeners_per_site,
        }
    }

    /// Open streams per site: public (display boards and visitors' status
    /// pages) and staff (workstations).
    pub fn listening(&self) -> impl Iterator<Item = (&str, usize, usize)> {
        self.sites.iter().map(|(site, c)| {
            let open = |places: &Semaphore| self.places - places.available_permits();
            (site.as_str(), open(&c.listeners), open(&c.staff_listeners))
        })
    }

    /// Staff hear every event; the public only calls.
    pub fn publish(&self, site: &str, events: Vec<SiteEvent>) {
        if let Some(channels) = self.sites.get(site) {
            for e in events {
                // No subscribers is not an error: nobody is watching yet.
                if e.audience == Audience::Public {
                    let _ = channels.public.send(e.clone());
                }
                let _ = channels.staff.send(e);
            }
        }
    }

    /// A stream of `audience`'s events. Status pages subscribe as
    /// [`Audience::Staff`] through [`Hub::subscribe_status`], taking a
    /// public place.
    pub fn subscribe(&self, site: &str, audience: Audience) -> Result<Subscription, Refused> {
        let channels = self.sites.get(site).ok_or(Refused::UnknownSite)?;
        let places = match audience {
            Audience::Public => &channels.listeners,
            Audience::Staff => &channels.staff_listeners,
        };
        let permit = places
            .clone()
            .try_acquire_owned()
            .map_err(|_| Refused::Full)?;
        let events = match audience {
            Audience::Public => channels.public.subscribe(),
            Audience::Staff => channels.staff.subscribe(),
        };
        Ok(Subscription { events, permit })
    }

    /// The staff channel for a status page (which keeps only what concerns
    /// tickets), counted among the site's public places.
    pub fn subscribe_status(&self, site: &str) -> Result<Subscription, Refused> {
        let channels = self.sites.get(site).ok_or(Refused::UnknownSite)?;
        let permit = channels
            .listeners
            .clone()
            .try_acquire_owned()
            .map_err(|_| Refused::Full)?;
        Ok(Subscription {
            events: channels.staff.subscribe(),
            permit,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What another instance relays is published here exactly as it was
    /// there: name, data, audience and a call's id; anything else is dropped.
    #[test]
    fn relayed_events_arrive_as_they_were_published() {
        let call = SiteEvent::call(
            &CallEvent {
                number: "J12".into(),
                desk: "Rum 3".into(),
                calls: 1,
                speech: "/api/v1/speech/x".into(),
            },
            41,
        );
        let queue = SiteEvent::queue(&QueueEvent { waiting: 3 });
        let (from, site, events) =
            unrelay(&relay("one", "arby", &[call.clone(), queue.clone()])).unwrap();
        assert_eq!((from.as_str(), site.as_str()), ("one", "arby"));
        let seen: Vec<_> = events
            .iter()
            .map(|e| (e.name, e.data.to_string(), e.audience, e.id))
            .collect();
        let sent: Vec<_> = [call, queue]
            .iter()
            .map(|e| (e.name, e.data.to_string(), e.audience, e.id))
            .collect();
        assert_eq!(seen, sent);
        let forged = r#"{"from":"x","site":"arby","events":[["secret","{}",true,null]]}"#;
        assert!(unrelay(forged).is_none());
        assert!(unrelay("not json").is_none());
    }

    fn hub(listeners: usize) -> Hub {
        Hub::new(&Config::load(None).unwrap(), listeners)
    }

    #[test]
    fn the_public_hears_only_calls_and_staff_hear_everything() {
        let hub = hub(10);
        let mut public = hub.subscribe("arby", Audience::Public).unwrap();
        let mut staff = hub.subscribe("arby", Audience::Staff).unwrap();
        hub.publish(
            "arby",
            vec![
                SiteEvent::queue(&QueueEvent { waiting: 3 }),
                SiteEvent::call(
                    &CallEvent {
                        number: "J1".into(),
                        desk: "Rum 3".into(),
                        calls: 1,
                        speech: "/api/v1/speech/x".into(),
                    },
                    7,
                ),
            ],
        );
        assert_eq!(public.events.try_recv().unwrap().name, "call");
        assert!(public.events.try_recv().is_err());
        assert_eq!(staff.events.try_recv().unwrap().name, "queue");
        assert_eq!(staff.events.try_recv().unwrap().name, "call");
    }

    #[test]
    fn listeners_are_capped_per_site_and_a_closed_stream_frees_its_place() {
        let hub = hub(2);
        let a = hub.subscribe("arby", Audience::Public).unwrap();
        let _b = hub.subscribe_status("arby").unwrap();
        let open = |hub: &Hub, site: &str| {
            hub.listening()
                .find(|(s, ..)| *s == site)
                .map(|(_, public, staff)| (public, staff))
        };
        assert_eq!(open(&hub, "arby"), Some((2, 0)));
        assert_eq!(open(&hub, "froslunda"), Some((0, 0)));
        assert_eq!(
            hub.subscribe("arby", Audience::Public).err(),
            Some(Refused::Full)
        );
        // The public filling the site's places leaves the staff theirs.
        assert!(hub.subscribe("arby", Audience::Staff).is_ok());
        assert!(hub.subscribe("froslunda", Audience::Public).is_ok());
        drop(a);
        assert_eq!(
            open(&hub, "arby"),
            Some((1, 0)),
            "a closed stream is not counted"
        );
        assert!(hub.subscribe("arby", Audience::Public).is_ok());
        assert_eq!(
            hub.subscribe("nowhere", Audience::Public).err(),
            Some(Refused::UnknownSite)
        );
    }
}
