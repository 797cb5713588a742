//! The load generator: Debian's `wrk`, run as a separate process so that the
//! server is measured from outside, and its report read back.

use std::{path::Path, process::Command, time::Duration};

use anyhow::{bail, Context};

/// A wrk run: how hard and how long.
pub struct Load {
    pub threads: u32,
    pub connections: u32,
    pub duration: Duration,
}

/// What wrk reported.
#[derive(Debug, Clone, Copy)]
pub struct Report {
    pub requests: u64,
    pub per_second: f64,
    pub p50: Duration,
    pub p99: Duration,
    /// Answers outside 2xx and 3xx, and socket errors: a clean run has none.
    pub failures: u64,
}

/// Runs wrk against `url`, with a Lua script and its arguments if given.
pub fn run(load: &Load, url: &str, script: Option<(&Path, &[String])>) -> anyhow::Result<Report> {
    let mut cmd = Command::new("wrk");
    cmd.arg(format!("-t{}", load.threads))
        .arg(format!("-c{}", load.connections))
        .arg(format!("-d{}s", load.duration.as_secs().max(1)))
        .arg("--latency")
        .arg("--timeout=10s");
    if let Some((lua, _)) = script {
        cmd.arg("-s").arg(lua);
    }
    cmd.arg(url);
    if let Some((_, args)) = script {
        cmd.arg("--").args(args);
    }
    let out = cmd
        .output()
        .context("cannot run wrk (Debian package wrk; scripts/bench installs it)")?;
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        bail!(
            "wrk failed: {}{}",
            text,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    parse(&text).with_context(|| format!("cannot read wrk's report:\n{text}"))
}

fn parse(text: &str) -> anyhow::Result<Report> {
    let mut report = Report {
        requests: 0,
        per_second: 0.0,
        p50: Duration::ZERO,
        p99: Duration::ZERO,
        failures: 0,
    };
    for line in text.lines().map(str::trim) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["50%", t] => report.p50 = duration(t)?,
            ["99%", t] => report.p99 = duration(t)?,
            ["Requests/sec:", n] => report.per_second = n.parse()?,
            [n, "requests", "in", ..] => report.requests = n.parse()?,
            ["Non-2xx", "or", "3xx", "responses:", n] => report.failures += n.parse::<u64>()?,
            ["Socket", "errors:", rest @ ..] => {
                // "connect 0, read 0, write 0, timeout 0"
                report.failures += rest
                    .iter()
                    .filter_map(|w| w.trim_end_matches(',').parse::<u64>().ok())
                    .sum::<u64>();
            }
            _ => {}
        }
    }
    if report.requests == 0 {
        bail!("wrk made no requests");
    }
    Ok(report)
}

/// wrk's durations: "812.00us", "1.23ms", "2.01s".
fn duration(s: &str) -> anyhow::Result<Duration> {
    let (number, unit) = s
        .find(|c: char| c.is_ascii_alphabetic())
        .map(|i| s.split_at(i))
        .context("a duration without a unit")?;
    let n: f64 = number.parse()?;
    let seconds = match unit {
        "us" => n / 1e6,
        "ms" => n / 1e3,
        "s" => n,
        "m" => n * 60.0,
        _ => bail!("unknown unit {unit:?}"),
    };
    Ok(Duration::from_secs_f64(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_wrk_report() {
        let text = "Running 5s test @ http://127.0.0.1:1/healthz
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   812.00us  200.00us   5.01ms   90.00%
  Latency Distribution
     50%  700.50us
     75%  900.00us
     90%    1.10ms
     99%    2.50ms
  123456 requests in 5.00s, 10.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:  24691.20
Transfer/sec:      2.00MB
";
        let r = parse(text).unwrap();
        assert_eq!(r.requests, 123_456);
        assert!((r.per_second - 24_691.2).abs() < 1e-6);
        assert_eq!(r.p50, Duration::from_nanos(700_500));
        assert_eq!(r.p99, Duration::from_micros(2_500));
        assert_eq!(r.failures, 7);
    }
}
