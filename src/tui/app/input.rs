//! A one-line text field with a cursor, for the filter and the forward address.

use super::Command;

/// Longer input than this is not an address or a search anyone types.
const MAX_INPUT: usize = 254;

/// A one-line text field with a cursor (in characters).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    pub text: String,
    pub cursor: usize,
}

impl LineInput {
    pub fn new(text: &str) -> LineInput {
        LineInput {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    fn byte_at(&self, char_idx: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_idx)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Applies an editing command; others are ignored.
    pub fn edit(&mut self, cmd: Command) {
        let len = self.text.chars().count();
        match cmd {
            Command::DeleteBack if self.cursor > 0 => {
                let at = self.byte_at(self.cursor - 1);
                self.text.remove(at);
                self.cursor -= 1;
            }
            Command::DeleteForward if self.cursor < len => {
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
            }
            Command::CursorLeft => self.cursor = self.cursor.saturating_sub(1),
            Command::CursorRight => self.cursor = (self.cursor + 1).min(len),
            Command::CursorHome => self.cursor = 0,
            Command::CursorEnd => self.cursor = len,
            Command::ClearInput => *self = LineInput::default(),
            _ => {}
        }
    }

    /// Types `c` at the cursor; control characters and overlong input are refused.
    pub fn insert(&mut self, c: char) {
        if c.is_control() || self.text.chars().count() >= MAX_INPUT {
            return;
        }
        let at = self.byte_at(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompt_editing_moves_by_characters() {
        let mut i = LineInput::new("bø");
        i.edit(Command::CursorLeft);
        i.insert('x');
        assert_eq!(i.text, "bxø");
        i.edit(Command::DeleteForward);
        assert_eq!(i.text, "bx");
        i.edit(Command::DeleteBack);
        assert_eq!(i.text, "b");
        i.insert('\u{1b}');
        assert_eq!(i.text, "b", "control characters are not typed");
    }
}
