//! Slow clients (slowloris) are cut off, and while they hang on, everyone
//! else is served as usual.

use std::time::{Duration, Instant};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

use crate::helpers::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_are_cut_off_without_starving_the_others() {
    let server = TestServer::impatient(Duration::from_secs(1)).await;
    let token = server.kiosk_token("arby-1");
    let mut slow = Vec::new();
    // Headers that never end ...
    for _ in 0..100 {
        let mut s = TcpStream::connect(server.addr).await.unwrap();
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        slow.push(s);
    }
    // ... and bodies that never arrive.
    for _ in 0..50 {
        let mut s = TcpStream::connect(server.addr).await.unwrap();
        let head = format!(
            "POST /api/v1/checkins HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
             Content-Type: application/json\r\nContent-Length: 400\r\n\r\n{{\"id\""
        );
        s.write_all(head.as_bytes()).await.unwrap();
        slow.push(s);
    }
    // Meanwhile a kiosk checks in and a health check answers, at once.
    let started = Instant::now();
    let kiosk = server.kiosk("arby-1").await;
    kiosk.check_in(&checkin("job", "sv")).await;
    assert_eq!(
        reqwest::get(server.url("/healthz")).await.unwrap().status(),
        200
    );
    let served_in = started.elapsed();
    assert!(
        served_in < Duration::from_millis(900),
        "served in {served_in:?} while slow clients hang on"
    );

    // Within a few seconds every slow connection has been closed by the server.
    let mut cut = 0;
    for mut s in slow {
        let mut buf = Vec::new();
        let ended = tokio::time::timeout(Duration::from_secs(6), s.read_to_end(&mut buf)).await;
        if ended.is_ok() {
            cut += 1;
        }
    }
    println!("slow connections: 150, cut off: {cut}, others served in {served_in:?}");
    assert_eq!(cut, 150);
}
