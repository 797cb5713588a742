//! Reaching the receipt printer: a network printer's raw port
//! (`tcp://10.0.0.5:9100`) or a USB line-printer device (`/dev/usb/lp0`),
//! always within a deadline, so a printer that is off or jammed never holds
//! anything up. It asks the printer's status before a ticket (no ticket into
//! an empty printer) and after it (the roll may end on this very ticket).

use std::{
    fmt,
    io::{self, Read, Write},
    net::{TcpStream, ToSocketAddrs},
    path::PathBuf,
    str::FromStr,
    time::{Duration, Instant},
};

use crate::escpos::{Health, STATUS_QUERY};

/// The raw printing port of network receipt printers.
const DEFAULT_PORT: u16 = 9100;

/// Where the printer is, from the kiosk's `printer` setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Address {
    /// `host:port` of a network printer.
    Network(String),
    /// A device file, such as `/dev/usb/lp0`.
    Device(PathBuf),
}

impl FromStr for Address {
    type Err = String;

    fn from_str(s: &str) -> Result<Address, String> {
        if let Some(rest) = s.strip_prefix("tcp://") {
            let rest = rest.trim_end_matches('/');
            if rest.is_empty() || rest.contains('/') {
                return Err(format!("{s:?} is not tcp://HOST:PORT"));
            }
            let with_port = match rest.rsplit_once(':') {
                Some((_, port)) if !rest.ends_with(']') => {
                    port.parse::<u16>()
                        .map_err(|_| format!("{s:?} has no valid port after the colon"))?;
                    rest.to_string()
                }
                _ => format!("{rest}:{DEFAULT_PORT}"),
            };
            return Ok(Address::Network(with_port));
        }
        if s.starts_with('/') {
            return Ok(Address::Device(PathBuf::from(s)));
        }
        Err(format!(
            "{s:?} is neither tcp://HOST[:PORT] (a network printer) nor a device path such as /dev/usb/lp0"
        ))
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Address::Network(at) => write!(f, "tcp://{at}"),
            Address::Device(path) => write!(f, "{}", path.display()),
        }
    }
}

/// What became of a ticket sent to the printer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Printed {
    /// Out, and the printer's state afterwards (perhaps paper low, or out
    /// with this very ticket the last).
    Yes(Health),
    /// Not sent: the printer said it cannot print.
    Refused(Health),
    /// The printer could not be reached or did not answer in time.
    Unreachable(String),
}

/// A connection to the printer that gives up at `deadline`.
trait Line: Read + Write {
    fn until(&mut self, deadline: Instant) -> io::Result<()>;
}

impl Line for TcpStream {
    fn until(&mut self, deadline: Instant) -> io::Result<()> {
        let left = deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or_else(|| io::Error::new(io::ErrorKind::TimedOut, "the printer took too long"))?;
        self.set_read_timeout(Some(left))?;
        self.set_write_timeout(Some(left))
    }
}

/// A device file opened without blocking; reads and writes are retried
/// until the deadline.
struct Device {
    file: std::fs::File,
    deadline: Instant,
}

impl Line for Device {
    fn until(&mut self, deadline: Instant) -> io::Result<()> {
        self.deadline = deadline;
        Ok(())
    }
}

impl Device {
    fn retry<T>(
        &mut self,
        mut op: impl FnMut(&mut std::fs::File) -> io::Result<T>,
    ) -> io::Result<T> {
        loop {
            match op(&mut self.file) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    if Instant::now() >= self.deadline {
                        return Err(io::Error::new(
                            io::ErrorKind::TimedOut,
                            "the printer took too long",
                        ));
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
                other => return other,
            }
        }
    }
}

impl Read for Device {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.retry(|f| match f.read(buf) {
            // A line-printer device says "nothing yet" as an empty read.
            Ok(0) => Err(io::ErrorKind::WouldBlock.into()),
            other => other,
        })
    }
}

impl Write for Device {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.retry(|f| f.write(buf))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.retry(|f| f.flush())
    }
}

fn connect(address: &Address, deadline: Instant) -> io::Result<Box<dyn Line>> {
    let mut line: Box<dyn Line> = match address {
        Address::Network(at) => {
            let target = at.to_socket_addrs()?.next().ok_or_else(|| {
                io::Error::new(io::ErrorKind::NotFound, format!("{at} has no address"))
            })?;
            let left = deadline.saturating_duration_since(Instant::now());
            Box::new(TcpStream::connect_timeout(
                &target,
                left.max(Duration::from_millis(1)),
            )?)
        }
        Address::Device(path) => {
            use std::os::unix::fs::OpenOptionsExt;
            const O_NONBLOCK: i32 = 0o4000;
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .custom_flags(O_NONBLOCK)
                .open(path)?;
            Box::new(Device { file, deadline })
        }
    };
    line.until(deadline)?;
    Ok(line)
}

fn ask_status(line: &mut dyn Line, deadline: Instant) -> io::Result<Health> {
    line.until(deadline)?;
    line.write_all(&STATUS_QUERY)?;
    line.flush()?;
    let mut answers = [0u8; 3];
    line.read_exact(&mut answers)?;
    Health::from_answers(answers).ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("the printer's status answer {answers:02x?} is not ESC/POS"),
        )
    })
}

/// The printer's state now.
pub fn status(address: &Address, timeout: Duration) -> Result<Health, String> {
    let deadline = Instant::now() + timeout;
    let mut line = connect(address, deadline).map_err(|e| format!("{address}: {e}"))?;
    ask_status(line.as_mut(), deadline).map_err(|e| format!("{address}: {e}"))
}

/// Sends `job` (from [`crate::escpos::ticket_job`]) if the printer says it
/// can print it, all within `timeout`.
pub fn print(address: &Address, job: &[u8], timeout: Duration) -> Printed {
    let deadline = Instant::now() + timeout;
    let attempt = || -> io::Result<Printed> {
        let mut line = connect(address, deadline)?;
        let before = ask_status(line.as_mut(), deadline)?;
        if !before.prints() {
            return Ok(Printed::Refused(before));
        }
        line.until(deadline)?;
        line.write_all(job)?;
        line.flush()?;
        // The ticket is out whatever the printer says next; a status that
        // cannot be read now is taken as the one before.
        Ok(Printed::Yes(
            ask_status(line.as_mut(), deadline).unwrap_or(before),
        ))
    };
    attempt().unwrap_or_else(|e| Printed::Unreachable(format!("{address}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printer_addresses_are_read_or_refused_with_the_reason() {
        let parse = |s: &str| s.parse::<Address>();
        assert_eq!(
            parse("tcp://10.0.0.5:9100"),
            Ok(Address::Network("10.0.0.5:9100".into()))
        );
        assert_eq!(
            parse("tcp://skrivare-arby"),
            Ok(Address::Network("skrivare-arby:9100".into()))
        );
        assert_eq!(
            parse("tcp://[fd00::5]"),
            Ok(Address::Network("[fd00::5]:9100".into()))
        );
        assert_eq!(
            parse("/dev/usb/lp0"),
            Ok(Address::Device("/dev/usb/lp0".into()))
        );
        assert!(parse("tcp://10.0.0.5:nine").unwrap_err().contains("port"));
        assert!(parse("usb0").unwrap_err().contains("/dev/usb/lp0"));
        assert!(parse("tcp://").is_err());
    }
}
