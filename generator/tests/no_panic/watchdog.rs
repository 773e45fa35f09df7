//! The watchdog: stops the process when one case runs past the hang limit.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::Duration;

use crate::drive::{Settings, Shared};

/// Stops the whole process when one case runs longer than the hang limit: a hang would
/// otherwise keep the test running forever, and a stuck thread cannot be unwound.
pub(crate) fn watchdog(shared: &Shared, settings: &Settings, out_dir: &Path) {
    while !shared.done.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(200));
        let now = shared.started.elapsed().as_millis() as u64;
        for (worker, since) in shared.busy_since.iter().enumerate() {
            let since = since.load(Ordering::SeqCst);
            if since != 0 && now.saturating_sub(since) > settings.hang.as_millis() as u64 {
                let mut message = format!(
                    "\nno_panic: one case has run for over {} s: the generator hangs (or is \
                     very slow) on the input in {}/in-flight-{worker}.*\n",
                    settings.hang.as_secs(),
                    out_dir.display()
                );
                // What was found before, which would otherwise be lost with the process.
                let failures = shared.failures.lock().unwrap_or_else(|e| e.into_inner());
                for (signature, found) in failures.iter() {
                    message.push_str(&format!(
                        "no_panic: also found: {signature} ({} time(s); case {}: {})\n",
                        found.count,
                        found.case,
                        found.detail.lines().next().unwrap_or_default()
                    ));
                }
                let _ = std::io::stderr().write_all(message.as_bytes());
                std::process::exit(3);
            }
        }
    }
}
