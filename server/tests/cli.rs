//! The `server` binary as an operator uses it: refusing a bad config with
//! file, line and reason; set-password from stdin; kiosk-token; serve and stop.

use std::{
    io::{BufRead, BufReader, Write},
    path::PathBuf,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

const BIN: &str = env!("CARGO_BIN_EXE_server");

struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        let dir = std::env::temp_dir().join(format!("vagvisare-cli-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn file(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn server(dir: &Scratch) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_remove("VAGVISARE_CONFIG")
        .env_remove("VAGVISARE_LISTEN")
        .env("VAGVISARE_DB", dir.file("v.db"))
        .env("RUST_LOG", "warn");
    cmd
}

#[test]
fn a_bad_config_is_refused_at_start_with_file_line_and_reason() {
    let dir = Scratch::new();
    let config = dir.file("bad.toml");
    std::fs::write(
        &config,
        "[[sites]]\nid = \"arby\"\nname = \"Årby\"\n\n[[errands]]\nid = \"job\"\nprefix = \"J\"\n\n\
         [[kiosks]]\nid = \"arby-1\"\nsite = \"arbyy\"\n",
    )
    .unwrap();
    let out = server(&dir).arg("--config").arg(&config).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expected = format!("{}:11: unknown site \"arbyy\"", config.display());
    assert!(stderr.contains(&expected), "{stderr}");
    // The same through the environment variable.
    let out = server(&dir)
        .env("VAGVISARE_CONFIG", &config)
        .arg("check-config")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_sensitive_errand_on_a_letter_of_its_own_is_refused_with_its_line() {
    let dir = Scratch::new();
    let config = dir.file("sensitive.toml");
    std::fs::write(
        &config,
        "[[sites]]\nid = \"arby\"\nname = \"Årby\"\n\n[[errands]]\nid = \"job\"\nprefix = \"J\"\n\n\
         [[errands]]\nid = \"benefit\"\nprefix = \"B\"\nsensitive = true\n",
    )
    .unwrap();
    let out = server(&dir)
        .arg("--config")
        .arg(&config)
        .arg("check-config")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stderr}");
    let expected = format!("{}:11: errand \"benefit\" is sensitive", config.display());
    assert!(stderr.contains(&expected), "{stderr}");
    // Sharing its letter with an errand that is not sensitive is fine.
    std::fs::write(
        &config,
        "[[sites]]\nid = \"arby\"\nname = \"Årby\"\n\n[[errands]]\nid = \"job\"\nprefix = \"J\"\n\n\
         [[errands]]\nid = \"benefit\"\nprefix = \"J\"\nsensitive = true\n",
    )
    .unwrap();
    let out = server(&dir)
        .arg("--config")
        .arg(&config)
        .arg("check-config")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn check_config_accepts_the_bundled_demo() {
    let dir = Scratch::new();
    let out = server(&dir).arg("check-config").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("config ok: 3 sites, 6 errands"));
}

#[test]
fn set_password_reads_stdin_and_refuses_unknown_users_and_short_passwords() {
    let dir = Scratch::new();
    let run = |user: &str, password: &str| {
        let mut child = server(&dir)
            .args(["set-password", user])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(password.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let out = run("anna", "a long enough password\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run("nobody", "a long enough password\n");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("\"nobody\" is not in the config"));
    let out = run("anna", "short\n");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 10 characters"));
    let out = run("anna", "Password123\n");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("most common"));
}

#[test]
fn kiosk_token_prints_a_new_token_each_time() {
    let dir = Scratch::new();
    let token = |kiosk: &str| server(&dir).args(["kiosk-token", kiosk]).output().unwrap();
    let a = token("arby-1");
    let b = token("arby-1");
    assert!(a.status.success() && b.status.success());
    let (a, b) = (
        String::from_utf8(a.stdout).unwrap(),
        String::from_utf8(b.stdout).unwrap(),
    );
    assert!(a.trim().len() >= 43, "{a}");
    assert_ne!(a, b);
    assert!(!token("nowhere-9").status.success());
}

#[test]
fn demo_passwords_are_refused_with_a_real_config() {
    let dir = Scratch::new();
    let config = dir.file("real.toml");
    std::fs::write(&config, server::config::DEMO_CONFIG).unwrap();
    let out = server(&dir)
        .arg("--config")
        .arg(&config)
        .arg("--demo-passwords")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("only works with the bundled demo config")
    );
}

#[test]
fn serve_answers_health_checks_and_stops_cleanly_on_sigterm() {
    let dir = Scratch::new();
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut child = server(&dir)
        .args(["--listen", &format!("127.0.0.1:{port}"), "--demo-passwords"])
        .env("RUST_LOG", "info")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let lines = std::thread::spawn(move || {
        BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
            .collect::<Vec<_>>()
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    let healthy = loop {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .unwrap();
            let mut answer = String::new();
            std::io::Read::read_to_string(&mut s, &mut answer).unwrap();
            break answer;
        }
        assert!(Instant::now() < deadline, "the server did not come up");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(healthy.starts_with("HTTP/1.1 200"), "{healthy}");
    // The shell's own kill: minimal systems have no kill binary.
    let killed = Command::new("sh")
        .args(["-c", &format!("kill -TERM {}", child.id())])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "exit after SIGTERM: {status}");
    let log = lines.join().unwrap().join("\n");
    assert!(log.contains("DEMO ONLY"), "{log}");
    assert!(log.contains("vagvisare-demo"), "{log}");
    assert!(log.contains("stopped"), "{log}");
}
