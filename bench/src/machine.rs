//! What machine the figures come from: they mean little without it.

use std::process::Command;

fn first_line_with(path: &str, key: &str) -> Option<String> {
    std::fs::read_to_string(path).ok()?.lines().find_map(|l| {
        l.starts_with(key)
            .then(|| l.split_once(':').map(|(_, v)| v.trim().to_string()))
            .flatten()
    })
}

fn command(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// A Markdown list describing the machine and the build.
pub fn describe(quick: bool) -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = first_line_with("/proc/cpuinfo", "model name").unwrap_or_else(|| "unknown".into());
    let memory = first_line_with("/proc/meminfo", "MemTotal")
        .and_then(|kib| kib.trim_end_matches(" kB").trim().parse::<f64>().ok())
        .map_or("unknown".into(), |kib| {
            format!("{:.0} GiB", kib / 1024.0 / 1024.0)
        });
    let kernel = command("uname", &["-sr"]).unwrap_or_default();
    let filesystem = command("stat", &["-f", "-c", "%T", "."]).unwrap_or_default();
    let rustc = command("rustc", &["--version"]).unwrap_or_default();
    let commit = command("git", &["rev-parse", "--short", "HEAD"]).unwrap_or_default();
    format!(
        "- {cores} cores ({cpu}), {memory} memory, {kernel}; the database on {filesystem}\n\
         - {rustc}, {}, commit {commit}, {}\n",
        if quick {
            "debug build (quick run: the figures mean nothing)"
        } else {
            "release build"
        },
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC")
    )
}
