//! Styles, with colour or (NO_COLOR) with bold, reverse and underline only.

use super::super::app::StatusKind;
use crate::config::Action;
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    color: bool,
}

impl Theme {
    pub fn new(color: bool) -> Theme {
        Theme { color }
    }

    pub(super) fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub(super) fn bold(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// The style of a suggested action in the queue and header.
    pub fn action(&self, a: &Action) -> Style {
        match a {
            Action::Archive => self.fg(Color::Green),
            Action::Delete => self.fg(Color::Yellow),
            Action::Forward(_) => self.fg(Color::Magenta),
            Action::Skip => self.fg(Color::Blue),
        }
    }

    pub fn suspicious(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub(super) fn highlight(&self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
        }
    }

    pub(super) fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub(super) fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub(super) fn label(&self) -> Style {
        self.bold()
    }

    pub(super) fn notice(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub(super) fn status(&self, kind: StatusKind) -> Style {
        match kind {
            StatusKind::Info => Style::new(),
            StatusKind::Ok => self.fg(Color::Green),
            StatusKind::Error => self.fg(Color::Red).add_modifier(Modifier::BOLD),
        }
    }

    pub(super) fn dim(&self) -> Style {
        self.fg(Color::DarkGray)
    }
}
