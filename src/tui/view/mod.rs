//! Drawing: the app state to widgets. No I/O, no clock, no environment, and no state
//! written: everything shown comes from `App` (so every screen can be snapshot-tested on a
//! `TestBackend` with one draw). What paging needs to know about the screen,
//! [`viewport`] works out from the same layout and the loop sends it into `update`.
//! Every mail-derived string passes through `text::inert` and is cut or wrapped here to
//! the columns it gets, so hostile or broken text cannot move anything else on screen.

mod altinn;
mod detail;
mod followup;
mod footer;
mod header;
mod pager;
mod popup;
mod queue;
mod stats;
mod table;
mod tabs;
mod text;
mod theme;

pub use detail::detail_lines;
pub use followup::OVERDUE_MARK;
pub use popup::help::help_lines;
pub use text::wrap_ranges;
pub use theme::Theme;

use super::app::{App, Mode, Screen, Viewport};
use crate::text::fit;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Paragraph;

/// Below this the screen shows only a request for a bigger window.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 14;
/// From this width the queue and the detail stand side by side.
const SIDE_BY_SIDE: u16 = 160;

/// Where each part of the screen goes.
struct Areas {
    header: Rect,
    /// The row of screens.
    tabs: Rect,
    /// The queue and the detail together (popups are centred on it).
    body: Rect,
    queue: Rect,
    detail: Rect,
    footer: Rect,
    status: Rect,
}

fn layout(app: &App, area: Rect) -> Areas {
    let header_h =
        2 + u16::from(app.settings.notice.is_some()) + u16::from(followup::reminder(app).is_some());
    let [header, tabs, body, footer, status] = Layout::vertical([
        Constraint::Length(header_h),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let (queue, detail) = if body.width >= SIDE_BY_SIDE {
        let [q, d] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
            .areas(body);
        (q, d)
    } else {
        // at least two fifths for the queue; on a tall screen up to three fifths, as
        // far as there are items to show
        let min = (body.height * 2).div_ceil(5);
        let max = if body.height >= 30 {
            body.height * 3 / 5
        } else {
            min
        };
        let wanted = (app.queue.visible().len() as u16).saturating_add(2);
        let q = wanted.clamp(min, max.max(min)).max(6).min(body.height);
        let [q, d] = Layout::vertical([Constraint::Length(q), Constraint::Min(0)]).areas(body);
        (q, d)
    };
    Areas {
        header,
        tabs,
        body,
        queue,
        detail,
        footer,
        status,
    }
}

fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// What a screen of `width` × `height` fits of the current state: the rows of the queue
/// and the detail, the length of the detail, how far the open popup scrolls.
pub fn viewport(app: &App, width: u16, height: u16) -> Viewport {
    let area = Rect::new(0, 0, width, height);
    let mut v = Viewport {
        width,
        height,
        ..Default::default()
    };
    if too_small(area) {
        return v;
    }
    let theme = Theme::new(app.settings.color);
    let a = layout(app, area);
    v.queue_rows = queue::rows(a.queue).max(1);
    let (rows, lines) = detail::geometry(app, a.detail, &theme);
    v.detail_rows = rows;
    v.detail_lines = lines;
    v.overlay_max = popup::overlay_max(app, a.body, &theme);
    v.pager_rows = pager::rows(height);
    v.altinn_rows = altinn::rows(a.body);
    v.stats_max = stats::max_scroll(app, a.body);
    v.followup_rows = followup::rows(app, a.body, &theme).max(1);
    v
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let theme = Theme::new(app.settings.color);
    let lang = app.lang();
    if too_small(area) {
        let msg = crate::i18n::tui::too_small(lang, MIN_WIDTH, MIN_HEIGHT);
        frame.render_widget(Paragraph::new(fit(&msg, area.width as usize, false)), area);
        return;
    }
    if let Mode::Pager(p) = &app.mode {
        pager::draw(frame, area, app, p, &theme);
        return;
    }
    let a = layout(app, area);
    header::draw(frame, a.header, app, &theme);
    tabs::draw(frame, a.tabs, app, &theme);
    match app.screen {
        Screen::Queue => {
            queue::draw(frame, a.queue, app, &theme);
            detail::draw(frame, a.detail, app, &theme);
        }
        Screen::Altinn => altinn::draw(frame, a.body, app, &theme),
        Screen::Stats => stats::draw(frame, a.body, app, &theme),
        Screen::Followup => followup::draw(frame, a.body, app, &theme),
    }
    footer::draw_footer(frame, a.footer, app, &theme);
    footer::draw_status(frame, a.status, app, &theme);
    match &app.mode {
        Mode::Forward { id, input, error } => {
            popup::forward::draw(frame, a.body, app, id, input, error.as_deref(), &theme)
        }
        Mode::Confirm(c) => popup::confirm::draw(frame, a.body, app, c, &theme),
        Mode::Recipient { id, input, choice } => {
            popup::recipient::draw(frame, a.body, app, id, input, *choice, &theme)
        }
        Mode::Help { .. } | Mode::Journal { .. } | Mode::Explain { .. } | Mode::Log { .. } => {
            popup::draw_overlay(frame, a.body, app, &theme)
        }
        Mode::Normal | Mode::Filter(_) | Mode::Pager(_) => {}
    }
}

pub use crate::text::short_date;
