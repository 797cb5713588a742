//! Several server instances on one PostgreSQL database, as a region runs
//! them behind a load balancer: counsellors split across two instances never
//! get the same visitor, every visitor is served, and a call made through one
//! instance is heard on a display board connected to the other. The two
//! servers share nothing but the database (each has its own pool, hub and
//! memory). PostgreSQL only: run under `scripts/with-postgres`.

use std::{collections::HashSet, time::Duration};

use server::config::Config;

use crate::{events::calls_heard, helpers::*};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_share_the_queue_and_every_board_hears_every_call() {
    if std::env::var("VAGVISARE_TEST_PG").is_err() {
        println!("PostgreSQL only: run under scripts/with-postgres");
        return;
    }
    const COUNSELLORS: usize = 12;
    const VISITORS: usize = 200;
    let mut text = String::from(
        "[[sites]]\nid = \"arby\"\nname = \"Årby\"\n[[errands]]\nid = \"job\"\nprefix = \"J\"\n\
         [[kiosks]]\nid = \"arby-1\"\nsite = \"arby\"\n[[kiosks]]\nid = \"arby-2\"\nsite = \"arby\"\n",
    );
    for i in 0..COUNSELLORS {
        text += &format!(
            "[[counsellors]]\nusername = \"c{i}\"\nname = \"C{i}\"\nsite = \"arby\"\ndesk = \"Rum {i}\"\nerrands = [\"job\"]\nlanguages = [\"sv\"]\n"
        );
    }
    let config = Config::parse("two.toml", &text).unwrap();
    let one = TestServer::with_config(config.clone()).await;
    let two = TestServer::start(config, one.db.clone(), "127.0.0.1:0".parse().unwrap()).await;
    let servers = [&one, &two];

    // A board on each instance, listening from the start.
    let boards: Vec<_> = servers
        .iter()
        .map(|s| reqwest::get(s.url("/api/v1/sites/arby/events")))
        .collect();
    let boards = futures_util::future::join_all(boards).await;

    // Visitors check in at two kiosks, one on each instance.
    let kiosks = [one.kiosk("arby-1").await, two.kiosk("arby-2").await];
    let mut issued = HashSet::new();
    for i in 0..VISITORS {
        issued.insert(kiosks[i % 2].check_in(&checkin("job", "sv")).await.id);
    }

    // Counsellors split across the two, all pressing "next" at once.
    let mut clients = Vec::new();
    for i in 0..COUNSELLORS {
        clients.push((i % 2, servers[i % 2].counsellor(&format!("c{i}")).await));
    }
    let tasks: Vec<_> = clients
        .into_iter()
        .map(|(instance, c)| {
            tokio::spawn(async move {
                let mut mine = Vec::new();
                while let Some(ticket) = c.next().await {
                    assert_eq!(ticket.counsellor.as_deref(), Some(c.username.as_str()));
                    mine.push((instance, ticket.number.clone(), ticket.id));
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
    let distinct: HashSet<_> = called.iter().map(|(_, _, id)| *id).collect();
    let through = |instance: usize| -> HashSet<String> {
        called
            .iter()
            .filter(|(i, ..)| *i == instance)
            .map(|(_, number, _)| number.clone())
            .collect()
    };
    let mut heard = Vec::new();
    for board in boards {
        let calls = calls_heard(board.unwrap(), Duration::from_secs(2)).await;
        heard.push(
            calls
                .into_iter()
                .map(|(_, number, _)| number)
                .collect::<HashSet<_>>(),
        );
    }
    println!(
        "instances: 2, counsellors: {COUNSELLORS}, visitors: {VISITORS}, called: {} ({} through one, {} through two), distinct: {}, board one heard {}, board two heard {}",
        called.len(),
        through(0).len(),
        through(1).len(),
        distinct.len(),
        heard[0].len(),
        heard[1].len()
    );
    assert_eq!(called.len(), VISITORS, "every visitor called exactly once");
    assert_eq!(distinct, issued);
    assert!(!through(0).is_empty() && !through(1).is_empty());
    assert!(
        through(1).is_subset(&heard[0]),
        "board one missed calls made through two"
    );
    assert!(
        through(0).is_subset(&heard[1]),
        "board two missed calls made through one"
    );
    let done = one
        .count("SELECT COUNT(*) FROM tickets WHERE status = 'done'", &[])
        .await;
    assert_eq!(done, VISITORS as i64);
}
