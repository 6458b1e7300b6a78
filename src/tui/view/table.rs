//! What the queue's and the follow-up's tables share: a block with the title over the
//! table, a wrapped sentence where no row is listed, the column heads, and the rows on
//! screen with the cursor's row highlighted (ratatui's `TableState`; only the rows of
//! the window on screen are ever built).

use super::text::wrap_ranges;
use super::theme::Theme;
use crate::text::fit;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState};

/// Draws the block (a line on top carrying `title`) and returns the area inside it, or
/// `None` when nothing fits in it.
pub(super) fn block(
    frame: &mut Frame,
    area: Rect,
    title: String,
    title_style: Style,
    border_style: Style,
) -> Option<Rect> {
    let block = Block::new()
        .borders(Borders::TOP)
        .title(Span::styled(title, title_style))
        .border_style(border_style);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    (inner.height > 0).then_some(inner)
}

/// `· 9/22 `: where the cursor is among `len` listed rows, for the title.
pub(super) fn position(cursor: usize, len: usize) -> String {
    format!("· {}/{} ", cursor + 1, len)
}

/// The sentence shown where the table lists nothing, wrapped, under an empty line.
pub(super) fn nothing_listed(frame: &mut Frame, inner: Rect, text: &str) {
    let lines: Vec<Line> = wrap_ranges(text, inner.width.saturating_sub(2) as usize)
        .into_iter()
        .map(|r| Line::raw(format!(" {}", &text[r])))
        .collect();
    let below = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    };
    frame.render_widget(Paragraph::new(lines), below);
}

/// The table: the heads (cut to their columns' `widths`, bold) over `rows`, the rows of
/// the window on screen, the selected one drawn in `highlight`.
pub(super) fn table<'a, const N: usize>(
    head: [&str; N],
    widths: [usize; N],
    rows: Vec<Row<'a>>,
    highlight: Style,
    theme: &Theme,
) -> Table<'a> {
    let header = Row::new(
        head.iter()
            .zip(widths)
            .map(|(h, w)| Cell::from(fit(h, w, false))),
    )
    .style(theme.bold());
    Table::new(rows, widths.map(|w| Constraint::Length(w as u16)))
        .header(header)
        .column_spacing(1)
        .row_highlight_style(highlight)
}

/// Draws `table` in `inner` with the row at `selected` (counted within the window)
/// selected.
pub(super) fn draw(frame: &mut Frame, inner: Rect, table: Table, selected: usize) {
    let mut state = TableState::new().with_selected(Some(selected));
    frame.render_stateful_widget(table, inner, &mut state);
}
