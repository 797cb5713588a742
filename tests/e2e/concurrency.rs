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
    let done: i64 = server
        .db()
        .query_row(
            "SELECT COUNT(*) FROM tickets WHERE status = 'done'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(done, VISITORS as i64);
}
