//! Many counsellors pressing "next" at the same moment.

use std::collections::HashSet;

use server::config::Config;

use crate::helpers::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_next_never_hands_out_a_visitor_twice() {
    const COUNSELLORS: usize = 16;
    const VISITORS: usize = 300;
    let mut text = String::from(
        "[[sites]]\nid = \"arby\"\nname = \"Årby\"\n[[errands]]\nid = \"job\"\nprefix = \"J\"\n\
         [[kiosks]]\nid = \"arby-1\"\nsite = \"arby\"\n",
    );
    for i in 0..COUNSELLORS {
        text += &format!(
            "[[counsellors]]\nusername = \"c{i}\"\nname = \"C{i}\"\nsite = \"arby\"\ndesk = \"Rum {i}\"\nerrands = [\"job\"]\nlanguages = [\"sv\"]\n"
        );
    }
    let server = TestServer::with_config(Config::parse("many.toml", &text).unwrap()).await;
    let kiosk = server.kiosk("arby-1").await;
    let mut issued = HashSet::new();
    for i in 0..VISITORS {
        let language = ["sv", "ar", "so"][i % 3];
        issued.insert(kiosk.check_in(&checkin("job", language)).await.id);
    }
    let mut clients = Vec::new();
    for i in 0..COUNSELLORS {
        clients.push(server.counsellor(&format!("c{i}")).await);
    }
    let tasks: Vec<_> = clients
        .into_iter()
        .map(|c| {
            tokio::spawn(async move {
                let mut mine = Vec::new();
                while let Some(ticket) = c.next().await {
                    assert_eq!(ticket.counsellor.as_deref(), Some(c.username.as_str()));
                    mine.push(ticket.id);
                    c.ok(ticket.id, "done").await;
                }
                mine
            })
        })
        .collect();
    let mut called = Vec::new();
    for t in tasks {
        called.extend(t.await.unwrap());
    }
    let distinct: HashSet<_> = called.iter().copied().collect();
    println!(
        "counsellors: {COUNSELLORS}, visitors: {VISITORS}, called: {}, distinct: {}",
        called.len(),
        distinct.len()
    );
    assert_eq!(called.len(), VISITORS, "every visitor called exactly once");
    assert_eq!(distinct, issued);
    let done = server
        .count("SELECT COUNT(*) FROM tickets WHERE status = 'done'", &[])
        .await;
    assert_eq!(done, VISITORS as i64);
}

/// A small deterministic generator, one per counsellor, so a failure can be replayed.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % sides
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_counsellors_make_only_legal_moves_and_lose_no_one() {
    use server::lifecycle::{transition, Action};
    const COUNSELLORS: usize = 8;
    let rounds: usize = std::env::var("VAGVISARE_RACE_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150);
    // Enough visitors that the queue does not run dry before the rounds end.
    let visitors = (rounds * COUNSELLORS / 4).max(120);
    let mut text = String::from(
        "[[sites]]\nid = \"arby\"\nname = \"Årby\"\n[[errands]]\nid = \"job\"\nprefix = \"J\"\n\
         [[errands]]\nid = \"study\"\nprefix = \"S\"\n[[kiosks]]\nid = \"arby-1\"\nsite = \"arby\"\n",
    );
    for i in 0..COUNSELLORS {
        text += &format!(
            "[[counsellors]]\nusername = \"c{i}\"\nname = \"C{i}\"\nsite = \"arby\"\ndesk = \"Rum {i}\"\nerrands = [\"job\", \"study\"]\n"
        );
    }
    let server = TestServer::with_config(Config::parse("race.toml", &text).unwrap()).await;
    let kiosk = server.kiosk("arby-1").await;
    for i in 0..visitors {
        kiosk
            .check_in(&checkin(["job", "study"][i % 2], "sv"))
            .await;
    }
    let mut clients = Vec::new();
    for i in 0..COUNSELLORS {
        clients.push(server.counsellor(&format!("c{i}")).await);
    }
    let tasks: Vec<_> = clients
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            tokio::spawn(async move {
                let mut dice = Dice(0x9e37_79b9_7f4a_7c15 ^ (i as u64 + 1));
                let mut held: Option<uuid::Uuid> = None;
                let mut actions = 0;
                for _ in 0..rounds {
                    actions += 1;
                    let Some(id) = held else {
                        held = c.next().await.map(|t| t.id);
                        continue;
                    };
                    let (status, _) = match dice.roll(7) {
                        0 => c.act(id, "recall").await,
                        1 => c.act(id, "start").await,
                        2 => {
                            held = None;
                            c.act(id, "done").await
                        }
                        3 => {
                            held = None;
                            c.act(id, "return").await
                        }
                        4 => {
                            held = None;
                            {
                                let errand = ["job", "study"][dice.roll(2) as usize];
                                c.transfer(id, serde_json::json!({ "errand": errand }))
                                    .await
                            }
                        }
                        5 => {
                            held = None;
                            let r = c.act(id, "no-show").await;
                            if dice.roll(2) == 0 {
                                c.act(id, "undo-no-show").await
                            } else {
                                r
                            }
                        }
                        _ => {
                            // "Next" while holding someone: allowed, the page asks first.
                            held = c.next().await.map(|t| t.id);
                            (reqwest::StatusCode::OK, serde_json::Value::Null)
                        }
                    };
                    // Start twice or no-show after start are refused, never accepted wrongly.
                    assert!(
                        status.is_success() || status == reqwest::StatusCode::CONFLICT,
                        "{status}"
                    );
                }
                actions
            })
        })
        .collect();
    let mut actions = 0;
    for t in tasks {
        actions += t.await.unwrap();
    }

    // Replay every ticket's trail: each step must be a legal move.
    let text = |v: &serde_json::Value| v.as_str().map(str::to_string);
    let events: Vec<(String, String, String, Option<String>)> = server
        .sql(
            "SELECT ticket, action, status, counsellor FROM ticket_events ORDER BY seq",
            &[],
        )
        .await
        .iter()
        .map(|r| {
            (
                text(&r[0]).unwrap(),
                text(&r[1]).unwrap(),
                text(&r[2]).unwrap(),
                text(&r[3]),
            )
        })
        .collect();
    let mut state: std::collections::HashMap<String, protocol::TicketStatus> =
        std::collections::HashMap::new();
    let mut illegal = Vec::new();
    for (ticket, action, status, who) in &events {
        let after = protocol::TicketStatus::parse(status).unwrap();
        if action == "check-in" {
            state.insert(ticket.clone(), after);
            continue;
        }
        let action = match action.as_str() {
            "call" => Action::Call,
            "transfer" => Action::Transfer,
            other => Action::from_path(other).unwrap(),
        };
        let before = state[ticket];
        if transition(before, action) != Some(after) {
            illegal.push(format!(
                "{ticket}: {before:?} --{action:?} by {who:?}--> {after:?}"
            ));
        }
        state.insert(ticket.clone(), after);
    }
    let tickets = server.count("SELECT COUNT(*) FROM tickets", &[]).await;
    let stored: std::collections::HashMap<String, String> = server
        .sql("SELECT id, status FROM tickets", &[])
        .await
        .into_iter()
        .map(|r| (text(&r[0]).unwrap(), text(&r[1]).unwrap()))
        .collect();
    let matches = state
        .iter()
        .filter(|(id, s)| stored.get(*id).map(String::as_str) == Some(s.as_str()))
        .count() as i64;
    println!(
        "counsellors: {COUNSELLORS}, actions: {actions}, trail steps: {}, tickets: {tickets}, illegal moves: {}",
        events.len(),
        illegal.len()
    );
    assert!(illegal.is_empty(), "{}", illegal.join("\n"));
    assert_eq!(tickets as usize, visitors, "no ticket lost");
    assert_eq!(matches, tickets, "every ticket is where its trail says");
}
