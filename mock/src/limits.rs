//! Traffic shaping of the API routes: a fixed latency on every answer and a rate limit of so
//! many requests per one-second window, as a busy or a throttling Stytch would answer; and a
//! clock that is not the caller's (the `Date` header).

use std::time::{Duration, Instant};

/// The length of the rate limit's window.
const WINDOW: Duration = Duration::from_secs(1);

#[derive(Default)]
pub(crate) struct Limits {
    pub latency: Option<Duration>,
    /// Seconds the `Date` header is ahead of this machine's clock (behind when negative).
    pub clock_skew: i64,
    per_second: Option<u32>,
    window: Option<(Instant, u32)>,
}

impl Limits {
    pub fn set_rate_limit(&mut self, per_second: Option<u32>) {
        self.per_second = per_second;
        self.window = None;
    }

    /// Counts a request: `Ok` when it may go on, else `Err(seconds to wait)`.
    pub fn admit(&mut self, now: Instant) -> Result<(), u64> {
        let Some(limit) = self.per_second else {
            return Ok(());
        };
        let (start, count) = match self.window {
            Some((start, count)) if now.duration_since(start) < WINDOW => (start, count),
            _ => (now, 0),
        };
        if count >= limit {
            let left = WINDOW.saturating_sub(now.duration_since(start));
            self.window = Some((start, count));
            return Err(left.as_secs_f64().ceil().max(1.0) as u64);
        }
        self.window = Some((start, count + 1));
        Ok(())
    }
}
