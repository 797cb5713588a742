//! What the tests that run the real `server` binary share: starting it on a
//! free port of 127.0.0.1 and waiting until it listens, and a kiosk token.
// Each test binary uses only some of these.
#![allow(dead_code)]

use std::{
    ffi::OsStr,
    net::TcpListener,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

pub const BIN: &str = env!("CARGO_BIN_EXE_server");

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The `server` command on `db` (a file, or a PostgreSQL URL) with the
/// bundled demo config.
pub fn server(db: impl AsRef<OsStr>) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.arg("--db")
        .arg(db)
        .env_remove("VAGVISARE_CONFIG")
        .env_remove("VAGVISARE_LISTEN");
    cmd
}

/// Waits up to 20 s until something listens on `port`.
pub fn wait_until_listening(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the server did not come up");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Serves `db` on `port`, quietly, once it listens.
pub fn serve(db: impl AsRef<OsStr>, port: u16) -> Child {
    let child = server(db)
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_until_listening(port);
    child
}

/// A new token for `kiosk`, as `server kiosk-token` prints it.
pub fn kiosk_token(db: impl AsRef<OsStr>, kiosk: &str) -> String {
    succeed(server(db).args(["kiosk-token", kiosk]))
        .trim()
        .to_string()
}

/// A server that is stopped when the test ends, panicking or not, so a
/// failed test leaves no process behind.
pub struct Stopped(pub Child);

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs a one-off command to its end and returns what it printed; a
/// failure fails the test with what it said.
pub fn succeed(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `server set-password USERNAME`, the password typed on stdin.
pub fn set_password(mut cmd: Command, username: &str, password: &str) {
    use std::io::Write;
    let mut child = cmd
        .args(["set-password", username])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    assert!(child.wait().unwrap().success());
}

/// A new, empty database on the PostgreSQL server `VAGVISARE_TEST_PG` names
/// (`scripts/with-postgres` starts one), by its URL; `None` without one.
pub fn postgres_database() -> Option<String> {
    let admin = std::env::var("VAGVISARE_TEST_PG").ok()?;
    let name = format!("t_{}", uuid::Uuid::new_v4().simple());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (client, connection) = tokio_postgres::connect(&admin, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(connection);
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
    });
    let (server, _) = admin.rsplit_once('/').unwrap();
    Some(format!("{server}/{name}"))
}
