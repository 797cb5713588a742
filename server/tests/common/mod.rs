//! What the tests that run the real `server` binary share: starting it on a
//! free port of 127.0.0.1 and waiting until it listens, and a kiosk token.
// Each test binary uses only some of these.
#![allow(dead_code)]

use std::{
    net::TcpListener,
    path::Path,
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

/// The `server` command on `db` with the bundled demo config.
pub fn server(db: &Path) -> Command {
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
pub fn serve(db: &Path, port: u16) -> Child {
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
pub fn kiosk_token(db: &Path, kiosk: &str) -> String {
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
