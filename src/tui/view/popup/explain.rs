//! Why a notification is suspicious (Enter on it).

use super::super::super::app::App;
use super::super::super::keys::Context;
use super::super::theme::Theme;
use super::{Popup, key_hint_line};
use crate::i18n as core;
use crate::text::inert;
use ratatui::text::Line;

pub(super) fn popup(app: &App, id: &str, scroll: usize, theme: &Theme) -> Popup {
    let lang = app.lang();
    let l = |nb, en| lang.pick(nb, en);
    let mut lines = Vec::new();
    if let Some(item) = app.item_by_id(id) {
        let a = &item.analysis;
        lines.push(Line::styled(
            inert(a.mail.subject.as_deref().unwrap_or(""), true),
            theme.bold(),
        ));
        lines.push(Line::raw(format!(
            "{} {}",
            l("Fra:", "From:"),
            inert(&a.from_display(), true)
        )));
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            l(
                "Det ser ut som et Altinn-varsel, men:",
                "It looks like an Altinn notification, but:",
            ),
            theme.suspicious(),
        ));
        for d in &a.doubts {
            lines.push(Line::raw(format!(
                "– {}",
                inert(&core::doubt(lang, d), true)
            )));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::raw(l(
        "Ikke klikk på lenker i e-posten. Logg inn i Altinn selv (altinn.no) og sjekk innboksen der. Enter gjør derfor ingenting med dette varselet: slett det (d) eller la det ligge (s). Arkivering og videresending krever en ekstra bekreftelse.",
        "Do not click links in the email. Log in to Altinn yourself (altinn.no) and check the inbox there. That is why Enter does nothing with this notification: delete it (d) or leave it (s). Archiving and forwarding ask for an extra confirmation.",
    )));
    lines.push(Line::raw(""));
    lines.push(key_hint_line(Context::Overlay, lang, theme));
    Popup {
        title: l("⚠ Mistenkelig", "⚠ Suspicious").into(),
        lines,
        max_w: 76,
        scroll,
        title_style: theme.suspicious(),
    }
}
