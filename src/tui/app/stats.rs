//! The statistics screen's state (`4`): the figures of `altinn-sweep stats`
//! ([`crate::stats::compute`]), loaded on the executor's thread each time the screen is
//! shown, and how far the clerk scrolled (by part: the summary, the chart, the sparkline,
//! the units).

use crate::stats::Stats;

/// How many weeks the screen looks back (as `stats` does by default).
pub const WEEKS: u64 = 4;

#[derive(Debug, Clone, Default)]
pub enum StatsState {
    #[default]
    NotLoaded,
    Loading,
    Loaded(Box<Stats>),
    /// The journal or the follow-up list could not be read (worded).
    Failed(String),
}

#[derive(Debug, Clone, Default)]
pub struct StatsModel {
    pub state: StatsState,
    /// The figures last loaded, kept on screen while they are loaded again.
    pub last: Option<Box<Stats>>,
    /// The first part shown.
    pub scroll: usize,
}

impl StatsModel {
    /// The figures shown.
    pub fn stats(&self) -> Option<&Stats> {
        match &self.state {
            StatsState::Loaded(s) => Some(s),
            _ => self.last.as_deref(),
        }
    }

    pub fn start(&mut self) {
        if let StatsState::Loaded(s) = std::mem::take(&mut self.state) {
            self.last = Some(s);
        }
        self.state = StatsState::Loading;
    }

    /// The figures came back (`Loaded`) or could not be computed (`Failed`, worded).
    pub fn finished(&mut self, state: StatsState) {
        if matches!(state, StatsState::Loaded(_)) {
            self.last = None;
        }
        self.state = state;
    }
}

use super::{App, Command, Effect, StatusKind};

/// The statistics screen was shown: the figures are computed again.
pub(super) fn shown(app: &mut App) -> Vec<Effect> {
    app.stats.start();
    vec![Effect::LoadStats]
}

pub(super) fn loaded(app: &mut App, result: Result<Box<Stats>, super::JobError>) {
    let lang = app.lang();
    let state = match result {
        Ok(s) => StatsState::Loaded(s),
        Err(e) => {
            let e = crate::i18n::tui::job_error(lang, &e);
            let text = format!(
                "{}: {}",
                crate::i18n::tui::stats_failed(lang),
                crate::text::inert(&e, true)
            );
            app.set_status(StatusKind::Error, text);
            StatsState::Failed(e)
        }
    };
    app.stats.finished(state);
    app.stats.scroll = app.stats.scroll.min(app.viewport.stats_max);
}

/// The statistics screen's keys: scroll by part, `r` computes again.
pub(super) fn keys(app: &mut App, cmd: Command) -> Vec<Effect> {
    let max = app.viewport.stats_max;
    let s = &mut app.stats;
    match cmd {
        Command::Up | Command::PageUp => s.scroll = s.scroll.saturating_sub(1),
        Command::Down | Command::PageDown => s.scroll = (s.scroll + 1).min(max),
        Command::Top => s.scroll = 0,
        Command::Bottom => s.scroll = max,
        Command::Rescan => return shown(app),
        _ => {}
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::super::{Msg, Screen, Settings, Viewport, update};
    use super::*;
    use crate::i18n::Lang;

    fn stats() -> Box<Stats> {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        Box::new(Stats {
            from: d,
            to: d,
            per_day: vec![],
            per_unit: vec![],
            to_distributed: Default::default(),
            followups: Default::default(),
            days_without_check: vec![],
        })
    }

    #[test]
    fn shown_loads_again_each_time_and_scrolls_within_what_does_not_fit() {
        let mut app = App::new(Settings {
            lang: Lang::Nb,
            color: false,
            ..Settings::example()
        });
        let _ = update(
            &mut app,
            Msg::Viewport(Viewport {
                stats_max: 2,
                ..Viewport::default()
            }),
        );
        let e = update(&mut app, Msg::Cmd(Command::Show(Screen::Stats)));
        assert!(matches!(e.as_slice(), [Effect::LoadStats]));
        assert!(app.stats.stats().is_none());
        let _ = update(&mut app, Msg::StatsLoaded(Ok(stats())));
        assert!(app.stats.stats().is_some());
        for _ in 0..5 {
            let _ = update(&mut app, Msg::Cmd(Command::Down));
        }
        assert_eq!(app.stats.scroll, 2, "no further than the last part");
        let _ = update(&mut app, Msg::Cmd(Command::Top));
        assert_eq!(app.stats.scroll, 0);
        // shown again: computed again, the old figures stay while it runs
        let _ = update(&mut app, Msg::Cmd(Command::Show(Screen::Queue)));
        let e = update(&mut app, Msg::Cmd(Command::Show(Screen::Stats)));
        assert!(matches!(e.as_slice(), [Effect::LoadStats]));
        assert!(app.stats.stats().is_some());
        let e = update(&mut app, Msg::Cmd(Command::Rescan));
        assert!(matches!(e.as_slice(), [Effect::LoadStats]));
        let denied = super::super::JobError::ReadJournal {
            path: "/d/journal.jsonl".into(),
            source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        };
        let _ = update(&mut app, Msg::StatsLoaded(Err(denied)));
        assert!(
            matches!(&app.stats.state, StatsState::Failed(e) if e.starts_with("Kan ikke lese journalen /d/journal.jsonl: ")),
            "{:?}",
            app.stats.state
        );
        assert_eq!(app.status.clone().unwrap().kind, StatusKind::Error);
    }
}
