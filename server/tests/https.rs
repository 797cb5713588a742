//! HTTPS as the recommended set-up serves it: the real binary with `[tls]`,
//! certificates made with openssl as IT would, a real HTTPS client, and a
//! renewal that SIGHUP puts in place without a restart; a broken renewal
//! is refused and the certificate in use kept.

mod common;

use std::{
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Command, Stdio},
    sync::mpsc,
    time::{Duration, Instant},
};

use rustls::pki_types::{pem::PemObject, CertificateDer};

const HOST: &str = "vagvisare.test";

/// A self-signed certificate for [`HOST`] and its key, as `name.crt` and
/// `name.key` in `dir`.
fn make_certificate(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let (crt, key) = (
        dir.join(format!("{name}.crt")),
        dir.join(format!("{name}.key")),
    );
    let out = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
        ])
        .args(["-nodes", "-days", "2", "-subj", &format!("/CN={HOST}")])
        .args(["-addext", &format!("subjectAltName=DNS:{HOST}")])
        // A server's certificate, not a CA's (openssl's default for -x509).
        .args(["-addext", "basicConstraints=critical,CA:FALSE"])
        .args(["-addext", "extendedKeyUsage=serverAuth"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&crt)
        .output()
        .expect("openssl (it comes with ca-certificates)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (crt, key)
}

fn der(crt: &Path) -> Vec<u8> {
    CertificateDer::from_pem_file(crt).unwrap().to_vec()
}

/// Puts a file in place the way a renewal should: whole, by rename.
fn install(from: &Path, to: &Path) {
    let part = to.with_extension("part");
    std::fs::copy(from, &part).unwrap();
    std::fs::rename(&part, to).unwrap();
}

/// A fresh client (so a fresh connection and handshake) trusting `roots`.
fn client(port: u16, roots: &[&Path]) -> reqwest::blocking::Client {
    let mut builder = reqwest::blocking::Client::builder()
        .use_rustls_tls()
        .tls_info(true)
        .resolve(HOST, ([127, 0, 0, 1], port).into());
    for root in roots {
        let pem = std::fs::read(root).unwrap();
        builder = builder.add_root_certificate(reqwest::Certificate::from_pem(&pem).unwrap());
    }
    builder.build().unwrap()
}

/// The certificate the server showed for `/healthz`.
fn served(port: u16, roots: &[&Path]) -> Vec<u8> {
    let res = client(port, roots)
        .get(format!("https://{HOST}:{port}/healthz"))
        .send()
        .unwrap();
    assert_eq!(res.status(), 200);
    res.extensions()
        .get::<reqwest::tls::TlsInfo>()
        .and_then(|i| i.peer_certificate())
        .unwrap()
        .to_vec()
}

#[test]
fn https_with_a_certificate_renewed_by_sighup_and_a_bad_renewal_refused() {
    let dir = std::env::temp_dir().join(format!("vagvisare-https-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (old_crt, old_key) = make_certificate(&dir, "old");
    let (new_crt, new_key) = make_certificate(&dir, "new");
    let (crt, key) = (dir.join("fullchain.pem"), dir.join("privkey.pem"));
    install(&old_crt, &crt);
    install(&old_key, &key);
    let config = dir.join("vagvisare.toml");
    let tls = format!("tls = {{ certificate = {crt:?}, key = {key:?} }}\n");
    std::fs::write(&config, tls + server::config::DEMO_CONFIG).unwrap();
    let db = dir.join("https.db");

    // A key that does not fit its certificate stops check-config, with why.
    let mismatched = dir.join("mismatched.toml");
    let tls = format!("tls = {{ certificate = {crt:?}, key = {new_key:?} }}\n");
    std::fs::write(&mismatched, tls + server::config::DEMO_CONFIG).unwrap();
    let out = common::server(&db)
        .arg("--config")
        .arg(&mismatched)
        .arg("check-config")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && said.contains("does not fit"),
        "{said}"
    );
    common::succeed(
        common::server(&db)
            .arg("--config")
            .arg(&config)
            .arg("check-config"),
    );

    let port = common::free_port();
    let mut server = common::Stopped(
        common::server(&db)
            .arg("--config")
            .arg(&config)
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .env("RUST_LOG", "info,request=warn")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let stderr = server.0.stderr.take().unwrap();
    let (lines, log) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let hangup = |what: &str| {
        let pid = server.0.id().to_string();
        assert!(Command::new("kill")
            .args(["-HUP", &pid])
            .status()
            .unwrap()
            .success());
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let line = log
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .unwrap_or_else(|_| panic!("no log line saying {what:?}"));
            if line.contains("SIGHUP") {
                assert!(line.contains(what), "{line}");
                println!("{line}");
                return;
            }
        }
    };
    common::wait_until_listening(port);
    let both: [&Path; 2] = [&old_crt, &new_crt];

    assert_eq!(served(port, &both), der(&old_crt));
    // Plain HTTP gets no answer from an HTTPS port.
    let plain = reqwest::blocking::get(format!("http://127.0.0.1:{port}/healthz"));
    assert!(plain.is_err() || plain.unwrap().status() != 200);
    // A client that does not trust the certificate is refused.
    assert!(client(port, &[&new_crt])
        .get(format!("https://{HOST}:{port}/healthz"))
        .send()
        .is_err());

    // The renewal: files replaced, SIGHUP, the new certificate from the
    // next connection on; the server never stopped.
    install(&new_crt, &crt);
    install(&new_key, &key);
    hangup("read again");
    assert_eq!(served(port, &both), der(&new_crt));

    // A broken renewal (a truncated certificate) is refused and the
    // certificate in use kept.
    std::fs::write(&crt, &std::fs::read(&new_crt).unwrap()[..100]).unwrap();
    hangup("refused");
    assert_eq!(served(port, &both), der(&new_crt));
    assert!(server.0.try_wait().unwrap().is_none(), "the server stopped");
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
