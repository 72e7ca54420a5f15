//! One pacing for every request of a process: when Stytch answers 429, no request is sent by
//! anyone until the wait it asked for (or a backoff) is over. A fleet's workers share it
//! through their clones of one [`super::Client`], so a rate-limited project is not hammered by
//! the others while one of them waits.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

#[derive(Debug, Default)]
pub struct Pace {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// No request may be sent before this instant.
    not_before: Option<Instant>,
    /// How many 429s paused everyone, and for how long in all (overlaps counted once).
    pauses: u32,
    paused: Duration,
}

impl Pace {
    /// Waits until no pause is in force. A pause set while waiting is waited for too.
    pub async fn ready(&self) {
        loop {
            let until = self.lock().not_before;
            match until {
                Some(t) if t > Instant::now() => tokio::time::sleep_until(t).await,
                _ => return,
            }
        }
    }

    /// Nobody sends anything for `wait` from now (or longer, if a pause already runs longer).
    pub fn pause(&self, wait: Duration) {
        let until = Instant::now() + wait;
        let mut state = self.lock();
        let from = state.not_before.filter(|t| *t > Instant::now());
        match from {
            Some(t) if t >= until => return,
            Some(t) => state.paused += until - t,
            None => state.paused += wait,
        }
        state.not_before = Some(until);
        state.pauses += 1;
    }

    /// How many pauses there were, and their total length.
    pub fn pauses(&self) -> (u32, Duration) {
        let state = self.lock();
        (state.pauses, state.paused)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_pause_holds_everyone_and_the_longest_wins() {
        let pace = Pace::default();
        let start = Instant::now();
        pace.ready().await;
        assert_eq!(Instant::now(), start);
        pace.pause(Duration::from_secs(2));
        pace.pause(Duration::from_secs(1));
        let (a, b) = tokio::join!(pace.ready(), pace.ready());
        let _ = (a, b);
        assert!(Instant::now() - start >= Duration::from_secs(2));
        assert_eq!(pace.pauses(), (1, Duration::from_secs(2)));
    }
}
