//! The key bindings: one table that maps keys to commands per context and that the footer
//! and the help popup render, so what the screen says is what the keys do.

use super::app::{App, Command, Mode, Msg, Screen};
use crate::followup::Step;
use crate::i18n::Lang;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Everywhere, also while typing.
    Global,
    /// The queue and the detail pane.
    Queue,
    /// Every screen (queue, follow-up, Altinn, statistics) when no popup or prompt is open.
    Screens,
    /// The follow-up of archived notices.
    Followup,
    /// The Altinn inbox (the daily check's dialogs).
    Altinn,
    /// The statistics.
    Stats,
    /// A text field: the filter or the forward address.
    Prompt,
    /// A yes/no question.
    Confirm,
    /// Help, journal and the explanation of a suspicious item.
    Overlay,
    /// The full-screen message view.
    Pager,
}

impl Context {
    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            Context::Global => lang.pick("Overalt", "Everywhere"),
            Context::Queue => lang.pick("Køen", "The queue"),
            Context::Screens => lang.pick("Alle skjermbilder", "Every screen"),
            Context::Followup => lang.pick("Oppfølging", "Follow-up"),
            Context::Altinn => lang.pick("Altinn-innboksen", "The Altinn inbox"),
            Context::Stats => lang.pick("Statistikk", "Statistics"),
            Context::Prompt => {
                lang.pick("Skrivefelt (søk, adresse)", "Text fields (search, address)")
            }
            Context::Confirm => lang.pick("Spørsmål", "Questions"),
            Context::Overlay => lang.pick(
                "Hjelp, journal, forklaring, meldingslogg",
                "Help, journal, explanation, message log",
            ),
            Context::Pager => lang.pick("Meldingsvisning (v)", "Message view (v)"),
        }
    }

    /// The context the app is in.
    pub fn of(app: &App) -> Context {
        match &app.mode {
            Mode::Normal => match app.screen {
                Screen::Queue => Context::Queue,
                Screen::Followup => Context::Followup,
                Screen::Altinn => Context::Altinn,
                Screen::Stats => Context::Stats,
            },
            Mode::Filter(_) | Mode::Forward { .. } | Mode::Recipient { .. } => Context::Prompt,
            Mode::Pager(p) if p.typing.is_some() => Context::Prompt,
            Mode::Pager(_) => Context::Pager,
            Mode::Confirm(_) => Context::Confirm,
            Mode::Help { .. } | Mode::Journal { .. } | Mode::Explain { .. } | Mode::Log { .. } => {
                Context::Overlay
            }
        }
    }

    /// Whether a binding of `self` applies in `context`.
    fn applies_in(self, context: Context) -> bool {
        self == context
            || self == Context::Global
            || (self == Context::Screens
                && matches!(
                    context,
                    Context::Queue | Context::Followup | Context::Altinn | Context::Stats
                ))
    }
}

/// A key as the table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A character key; Shift is part of the character (`A`, `?`).
    Char(char),
    Ctrl(char),
    Code(KeyCode),
    /// A key with Shift (arrows).
    Shift(KeyCode),
}

/// One line of the table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    /// How the keys are written on screen.
    pub label: &'static str,
    pub command: Command,
    /// What it does, for the help popup: bokmål, English.
    pub help: (&'static str, &'static str),
    /// A short word for the footer, if the binding is shown there.
    pub hint: Option<(&'static str, &'static str)>,
}

use Command as C;
use Context::{Confirm, Global, Overlay, Pager, Prompt, Queue, Screens};
use Key::{Char, Code, Ctrl, Shift};

const fn b(
    context: Context,
    keys: &'static [Key],
    label: &'static str,
    command: Command,
    help: (&'static str, &'static str),
    hint: Option<(&'static str, &'static str)>,
) -> Binding {
    Binding {
        context,
        keys,
        label,
        command,
        help,
        hint,
    }
}

/// Every key binding. The footer shows those with a hint, in this order, as many as fit.
#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    b(Queue, &[Code(KeyCode::Enter)], "Enter", C::Perform,
      ("utfør forslaget (mistenkelig: forklar hvorfor)", "carry out the suggestion (suspicious: explain why)"),
      Some(("utfør", "apply"))),
    b(Queue, &[Char('v')], "v", C::View,
      ("les hele meldingen (gjør ingenting med den)", "read the whole message (does nothing to it)"),
      Some(("les", "read"))),
    b(Queue, &[Char('a')], "a", C::Archive,
      ("arkiver: flytt til Altinn-mappen", "archive: move to the Altinn folder"),
      Some(("arkiver", "archive"))),
    b(Queue, &[Char('d')], "d", C::Delete,
      ("slett: flytt til papirkurven", "delete: move to Trash"),
      Some(("slett", "delete"))),
    b(Queue, &[Char('f')], "f", C::Forward,
      ("videresend (adressen kan endres)", "forward (the address can be edited)"),
      Some(("videresend", "forward"))),
    b(Queue, &[Char('s')], "s", C::Skip,
      ("hopp over: la det ligge i innboksen", "skip: leave it in the inbox"),
      Some(("hopp over", "skip"))),
    b(Queue, &[Char('u')], "u", C::Undo,
      ("angre siste handling", "undo the last action"),
      Some(("angre", "undo"))),
    b(Screens, &[Char('q')], "q", C::Quit,
      ("avslutt", "quit"),
      Some(("avslutt", "quit"))),
    b(Queue, &[Code(KeyCode::Up), Char('k')], "↑/k", C::Up,
      ("opp (i detaljene: rull)", "up (in the detail: scroll)"), None),
    b(Queue, &[Code(KeyCode::Down), Char('j')], "↓/j", C::Down,
      ("ned (i detaljene: rull)", "down (in the detail: scroll)"), None),
    b(Queue, &[Code(KeyCode::PageUp)], "PgUp", C::PageUp,
      ("en side opp", "one page up"), None),
    b(Queue, &[Code(KeyCode::PageDown)], "PgDn", C::PageDown,
      ("en side ned", "one page down"), None),
    b(Queue, &[Char('g'), Code(KeyCode::Home)], "g/Home", C::Top,
      ("til første", "to the first"), None),
    b(Queue, &[Char('G'), Code(KeyCode::End)], "G/End", C::Bottom,
      ("til siste", "to the last"), None),
    b(Queue, &[Char(' ')], "Space", C::Mark,
      ("merk / fjern merke, og gå til neste", "mark / unmark, and move to the next"),
      Some(("merk", "mark"))),
    b(Queue, &[Char('A')], "A", C::ApplyAll,
      ("utfør forslagene for merkede (eller alle), etter én bekreftelse",
       "apply the suggestions of the marked (or all), after one confirmation"),
      Some(("utfør alle", "apply all"))),
    b(Queue, &[Char('/')], "/", C::Filter,
      ("søk i emne, mottaker og avsender", "filter by subject, recipient and sender"),
      Some(("søk", "filter"))),
    b(Queue, &[Code(KeyCode::Esc)], "Esc", C::Back,
      ("tilbake til køen / fjern søket / fjern merker", "back to the queue / clear the filter / clear marks"),
      None),
    b(Queue, &[Char(']'), Shift(KeyCode::Down)], "]/⇧↓", C::DetailDown,
      ("rull teksten i detaljene ned (køen beholder fokus)", "scroll the detail's text down (the queue keeps the focus)"),
      None),
    b(Queue, &[Char('['), Shift(KeyCode::Up)], "[/⇧↑", C::DetailUp,
      ("rull teksten i detaljene opp", "scroll the detail's text up"),
      None),
    b(Queue, &[Char('S')], "S", C::ToggleSkipped,
      ("vis / skjul varsler du har hoppet over", "show / hide the notifications you skipped"),
      None),
    b(Screens, &[Char('L')], "L", C::Log,
      ("meldingsloggen: de siste meldingene i sin helhet", "the message log: the last messages in full"),
      None),
    b(Queue, &[Code(KeyCode::Tab)], "Tab", C::ToggleFocus,
      ("bytt mellom køen og detaljene (for å rulle teksten)", "switch between queue and detail (to scroll the text)"),
      Some(("tekst", "text"))),
    b(Queue, &[Char('c')], "c", C::DailyCheck,
      ("registrer at Altinn-innboksen er sjekket i dag", "record that the Altinn inbox was checked today"),
      Some(("sjekket", "checked"))),
    b(Screens, &[Char('J')], "J", C::Journal,
      ("dagens journal", "today's journal"),
      Some(("journal", "journal"))),
    b(Queue, &[Char('r')], "r", C::Rescan,
      ("les innboksen på nytt", "read the inbox again"),
      Some(("les på nytt", "rescan"))),
    b(Screens, &[Char('?')], "?", C::Help,
      ("hjelp: denne oversikten", "help: this overview"),
      Some(("hjelp", "help"))),
    b(Screens, &[Char('1')], "1", C::Show(Screen::Queue),
      ("køen av varsler", "the queue of notifications"), None),
    b(Screens, &[Char('2')], "2", C::Show(Screen::Followup),
      ("oppfølging: hent, arkiver i Altinn, fordel, slett lokale kopier",
       "follow-up: fetch, archive in Altinn, distribute, delete local copies"), None),
    b(Screens, &[Char('3')], "3", C::Show(Screen::Altinn),
      ("Altinn-innboksen: dagens sjekk av meldingene", "the Altinn inbox: today's check of the messages"), None),
    b(Screens, &[Char('4')], "4", C::Show(Screen::Stats),
      ("statistikk: uka i et blikk", "statistics: the week at a glance"), None),
    // the Altinn screen: the queue's movement and filter, the browser, the check again
    b(Context::Altinn, &[Code(KeyCode::Up), Char('k')], "↑/k", C::Up,
      ("opp", "up"), None),
    b(Context::Altinn, &[Code(KeyCode::Down), Char('j')], "↓/j", C::Down,
      ("ned", "down"), None),
    b(Context::Altinn, &[Code(KeyCode::PageUp)], "PgUp", C::PageUp,
      ("en side opp", "one page up"), None),
    b(Context::Altinn, &[Code(KeyCode::PageDown)], "PgDn", C::PageDown,
      ("en side ned", "one page down"), None),
    b(Context::Altinn, &[Char('g'), Code(KeyCode::Home)], "g/Home", C::Top,
      ("til første", "to the first"), None),
    b(Context::Altinn, &[Char('G'), Code(KeyCode::End)], "G/End", C::Bottom,
      ("til siste", "to the last"), None),
    b(Context::Altinn, &[Char('o')], "o", C::OpenInBrowser,
      ("åpne dialogen i Altinn (Arbeidsflate) i nettleseren; markerer den ikke som sett",
       "open the dialog in Altinn (Arbeidsflate) in the browser; does not mark it seen"),
      Some(("åpne i Altinn", "open in Altinn"))),
    b(Context::Altinn, &[Char('r')], "r", C::Rescan,
      ("sjekk Altinn-innboksen på nytt (registreres som dagens sjekk)",
       "check the Altinn inbox again (recorded as today's check)"),
      Some(("sjekk på nytt", "check again"))),
    b(Context::Altinn, &[Char('/')], "/", C::Filter,
      ("søk i part, avsender, tittel og varsel", "filter by party, sender, title and notice"),
      Some(("søk", "filter"))),
    b(Context::Altinn, &[Code(KeyCode::Esc)], "Esc", C::Back,
      ("fjern søket", "clear the filter"), None),
    // the statistics screen: scroll by part, compute again
    b(Context::Stats, &[Code(KeyCode::Down), Char('j'), Code(KeyCode::PageDown)], "↓/j", C::Down,
      ("rull ned (en del om gangen)", "scroll down (one part at a time)"), Some(("rull", "scroll"))),
    b(Context::Stats, &[Code(KeyCode::Up), Char('k'), Code(KeyCode::PageUp)], "↑/k", C::Up,
      ("rull opp", "scroll up"), None),
    b(Context::Stats, &[Char('g'), Code(KeyCode::Home)], "g/Home", C::Top,
      ("til toppen", "to the top"), None),
    b(Context::Stats, &[Char('G'), Code(KeyCode::End)], "G/End", C::Bottom,
      ("til bunnen", "to the bottom"), None),
    b(Context::Stats, &[Char('r')], "r", C::Rescan,
      ("regn ut på nytt", "compute again"), Some(("oppdater", "refresh"))),
    b(Global, &[Ctrl('c')], "Ctrl-C", C::Quit,
      ("avslutt", "quit"), None),
    b(Prompt, &[Code(KeyCode::Enter)], "Enter", C::Submit,
      ("bruk", "accept"), Some(("bruk", "accept"))),
    b(Prompt, &[Code(KeyCode::Esc)], "Esc", C::Cancel,
      ("avbryt (søk: fjern søket)", "cancel (filter: clear it)"), Some(("avbryt", "cancel"))),
    b(Prompt, &[Code(KeyCode::Backspace)], "Backspace", C::DeleteBack,
      ("slett tegnet før", "delete the character before"), None),
    b(Prompt, &[Code(KeyCode::Delete)], "Del", C::DeleteForward,
      ("slett tegnet etter", "delete the character after"), None),
    b(Prompt, &[Code(KeyCode::Left)], "←", C::CursorLeft,
      ("markøren til venstre", "cursor left"), None),
    b(Prompt, &[Code(KeyCode::Right)], "→", C::CursorRight,
      ("markøren til høyre", "cursor right"), None),
    b(Prompt, &[Code(KeyCode::Home)], "Home", C::CursorHome,
      ("til starten", "to the start"), None),
    b(Prompt, &[Code(KeyCode::End)], "End", C::CursorEnd,
      ("til slutten", "to the end"), None),
    b(Prompt, &[Ctrl('u')], "Ctrl-U", C::ClearInput,
      ("tøm feltet", "clear the field"), Some(("tøm", "clear"))),
    // only y: j is "down" in the queue, and a question must never be answered by habit
    b(Confirm, &[Char('y')], "y", C::Yes,
      ("ja, gjør det", "yes, do it"), Some(("ja", "yes"))),
    b(Confirm, &[Char('n'), Code(KeyCode::Esc)], "n/Esc", C::No,
      ("nei, avbryt", "no, cancel"), Some(("nei", "no"))),
    b(Confirm, &[Code(KeyCode::Tab), Code(KeyCode::Left), Code(KeyCode::Right)], "Tab/←→", C::ToggleFocus,
      ("flytt markeringen mellom Nei og Ja", "move the focus between No and Yes"), None),
    b(Confirm, &[Code(KeyCode::Enter)], "Enter", C::Submit,
      ("svar det som er markert (Nei til du flytter til Ja)", "answer what is focused (No until you move to Yes)"),
      None),
    b(Overlay, &[Code(KeyCode::Esc), Char('q'), Code(KeyCode::Enter)], "Esc/q/Enter", C::Close,
      ("lukk", "close"), Some(("lukk", "close"))),
    b(Overlay, &[Code(KeyCode::Up), Char('k')], "↑/k", C::Up,
      ("rull opp", "scroll up"), None),
    b(Overlay, &[Code(KeyCode::Down), Char('j')], "↓/j", C::Down,
      ("rull ned", "scroll down"), Some(("rull", "scroll"))),
    b(Overlay, &[Code(KeyCode::PageUp)], "PgUp", C::PageUp,
      ("en side opp", "one page up"), None),
    b(Overlay, &[Code(KeyCode::PageDown)], "PgDn", C::PageDown,
      ("en side ned", "one page down"), None),
    b(Overlay, &[Char('g'), Code(KeyCode::Home)], "g/Home", C::Top,
      ("til toppen", "to the top"), None),
    b(Overlay, &[Char('G'), Code(KeyCode::End)], "G/End", C::Bottom,
      ("til bunnen", "to the bottom"), None),
    b(Pager, &[Code(KeyCode::Esc), Char('q')], "q/Esc", C::Close,
      ("lukk", "close"), Some(("lukk", "close"))),
    b(Pager, &[Char(' '), Code(KeyCode::PageDown)], "Space/PgDn", C::PageDown,
      ("en side ned", "one page down"), Some(("side ned", "page down"))),
    b(Pager, &[Char('b'), Code(KeyCode::PageUp)], "b/PgUp", C::PageUp,
      ("en side opp", "one page up"), None),
    b(Pager, &[Code(KeyCode::Down), Char('j')], "↓/j", C::Down,
      ("en linje ned", "one line down"), None),
    b(Pager, &[Code(KeyCode::Up), Char('k')], "↑/k", C::Up,
      ("en linje opp", "one line up"), None),
    b(Pager, &[Char('g'), Code(KeyCode::Home)], "g/Home", C::Top,
      ("til toppen", "to the top"), Some(("topp", "top"))),
    b(Pager, &[Char('G'), Code(KeyCode::End)], "G/End", C::Bottom,
      ("til bunnen", "to the bottom"), Some(("bunn", "bottom"))),
    b(Pager, &[Char('/')], "/", C::Filter,
      ("søk i teksten", "search the text"), Some(("søk", "search"))),
    b(Pager, &[Char('n')], "n", C::SearchNext,
      ("neste treff", "next match"), Some(("neste", "next"))),
    b(Pager, &[Char('N')], "N", C::SearchPrev,
      ("forrige treff", "previous match"), None),
    b(Pager, &[Char('r')], "r", C::Source,
      ("vis / skjul kilden (filen slik den er)", "show / hide the source (the file as it is)"),
      Some(("kilde", "source"))),
    // the follow-up screen (routine point 3): one key per step of the checklist
    b(Context::Followup, &[Code(KeyCode::Enter)], "Enter", C::NextStep,
      ("neste steg på sjekklisten", "the next step of the checklist"),
      Some(("neste steg", "next step"))),
    b(Context::Followup, &[Char('h')], "h", C::FollowupStep(Step::Fetched),
      ("hentet: dokumentene er lagret på PC-en", "fetched: the documents are saved on the PC"),
      Some(("hentet", "fetched"))),
    b(Context::Followup, &[Char('a')], "a", C::FollowupStep(Step::Archived),
      ("arkivert: meldingen er arkivert i Altinn", "archived: the message is archived in Altinn"),
      Some(("arkivert", "archived"))),
    b(Context::Followup, &[Char('f')], "f", C::FollowupStep(Step::Distributed),
      ("fordelt: til hvem (tidligere og faste mottakere tilbys)", "distributed: to whom (earlier and configured recipients offered)"),
      Some(("fordelt", "distributed"))),
    b(Context::Followup, &[Char('x')], "x", C::FollowupStep(Step::Done),
      ("lokale kopier slettet: ferdig, ut av lista", "local copies deleted: finished, off the list"),
      Some(("slettet", "deleted"))),
    b(Context::Followup, &[Char('u')], "u", C::Undo,
      ("angre siste steg i denne økta", "undo the last step of this session"),
      Some(("angre", "undo"))),
    b(Context::Followup, &[Char('o')], "o", C::OpenAltinn,
      ("åpne Altinn for aktøren i nettleseren", "open Altinn for the party in the browser"),
      Some(("Altinn", "Altinn"))),
    b(Context::Followup, &[Code(KeyCode::Up), Char('k')], "↑/k", C::Up,
      ("opp", "up"), None),
    b(Context::Followup, &[Code(KeyCode::Down), Char('j')], "↓/j", C::Down,
      ("ned", "down"), None),
    b(Context::Followup, &[Code(KeyCode::PageUp)], "PgUp", C::PageUp,
      ("en side opp", "one page up"), None),
    b(Context::Followup, &[Code(KeyCode::PageDown)], "PgDn", C::PageDown,
      ("en side ned", "one page down"), None),
    b(Context::Followup, &[Char('g'), Code(KeyCode::Home)], "g/Home", C::Top,
      ("til første", "to the first"), None),
    b(Context::Followup, &[Char('G'), Code(KeyCode::End)], "G/End", C::Bottom,
      ("til siste", "to the last"), None),
    b(Context::Followup, &[Char('/')], "/", C::Filter,
      ("søk i aktør, org.nr., emne og mottaker", "filter by party, org number, subject and recipient"),
      Some(("søk", "filter"))),
    b(Context::Followup, &[Code(KeyCode::Esc)], "Esc", C::Back,
      ("fjern søket", "clear the filter"), None),
    b(Context::Followup, &[Char('r')], "r", C::Rescan,
      ("les oppfølgingen på nytt fra e-posten", "read the follow-up again from the mailbox"),
      None),
    b(Prompt, &[Code(KeyCode::Up)], "↑", C::Up,
      ("fordelt til: forrige mottaker i lista", "distributed to: the previous recipient offered"), None),
    b(Prompt, &[Code(KeyCode::Down)], "↓", C::Down,
      ("fordelt til: neste mottaker i lista", "distributed to: the next recipient offered"), None),
];

impl Key {
    fn matches(self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let alt = ev.modifiers.contains(KeyModifiers::ALT);
        match self {
            Key::Char(c) => !ctrl && !alt && ev.code == KeyCode::Char(c),
            Key::Ctrl(c) => {
                ctrl && matches!(ev.code, KeyCode::Char(k) if k.eq_ignore_ascii_case(&c))
            }
            Key::Code(code) => {
                !ctrl && !alt && !ev.modifiers.contains(KeyModifiers::SHIFT) && ev.code == code
            }
            Key::Shift(code) => {
                !ctrl && !alt && ev.modifiers.contains(KeyModifiers::SHIFT) && ev.code == code
            }
        }
    }
}

/// The message a key press means in the app's current screen and mode, if any.
pub fn to_msg(app: &App, ev: &KeyEvent) -> Option<Msg> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    let context = Context::of(app);
    let bound = BINDINGS
        .iter()
        .filter(|b| b.context.applies_in(context))
        .find(|b| b.keys.iter().any(|k| k.matches(ev)));
    if let Some(b) = bound {
        return Some(Msg::Cmd(b.command));
    }
    match (context, ev.code) {
        (Context::Prompt, KeyCode::Char(c))
            if !ev
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(Msg::Insert(c))
        }
        // a key that means nothing here says so (modifier keys alone and the like do not)
        (
            _,
            KeyCode::Char(_)
            | KeyCode::Enter
            | KeyCode::Tab
            | KeyCode::Backspace
            | KeyCode::Delete
            | KeyCode::Insert
            | KeyCode::F(_),
        ) => Some(Msg::UnknownKey),
        _ => None,
    }
}

/// The footer's hints for a context: (keys, word) pairs, in table order.
pub fn hints(context: Context, lang: Lang) -> Vec<(&'static str, &'static str)> {
    let mut bound: Vec<&Binding> = BINDINGS
        .iter()
        .filter(|b| {
            b.context == context || (b.context == Context::Screens && b.context.applies_in(context))
        })
        .collect();
    // on the screens beside the queue their own keys first, then the shared ones
    if matches!(
        context,
        Context::Followup | Context::Altinn | Context::Stats
    ) {
        bound.sort_by_key(|b| b.context != context);
    }
    bound
        .into_iter()
        .filter_map(|b| b.hint.map(|(nb, en)| (b.label, lang.pick(nb, en))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    fn app_in(mode: Mode) -> App {
        let mut app = App::new(super::super::app::Settings::example());
        app.mode = mode;
        app
    }

    #[test]
    fn keys_map_per_context() {
        let n = app_in(Mode::Normal);
        let m = |code, mods| to_msg(&n, &key(code, mods));
        assert!(matches!(
            m(KeyCode::Char('j'), KeyModifiers::NONE),
            Some(Msg::Cmd(C::Down))
        ));
        assert!(matches!(
            m(KeyCode::Char('A'), KeyModifiers::SHIFT),
            Some(Msg::Cmd(C::ApplyAll))
        ));
        assert!(matches!(
            m(KeyCode::Char('c'), KeyModifiers::CONTROL),
            Some(Msg::Cmd(C::Quit))
        ));
        assert!(matches!(
            m(KeyCode::Char('c'), KeyModifiers::NONE),
            Some(Msg::Cmd(C::DailyCheck))
        ));
        assert!(matches!(
            m(KeyCode::Char('x'), KeyModifiers::NONE),
            Some(Msg::UnknownKey)
        ));

        let p = app_in(Mode::Filter(Default::default()));
        assert!(matches!(
            to_msg(&p, &key(KeyCode::Char('q'), KeyModifiers::NONE)),
            Some(Msg::Insert('q'))
        ));
        assert!(matches!(
            to_msg(&p, &key(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Msg::Cmd(C::Quit))
        ));
        let c = app_in(Mode::Confirm(super::super::app::Confirm::Suspicious {
            id: "x".into(),
            action: crate::config::Action::Archive,
        }));
        assert!(matches!(
            to_msg(&c, &key(KeyCode::Char('y'), KeyModifiers::NONE)),
            Some(Msg::Cmd(C::Yes))
        ));
        assert!(matches!(
            to_msg(&c, &key(KeyCode::Enter, KeyModifiers::NONE)),
            Some(Msg::Cmd(C::Submit))
        ));
        for k in [KeyCode::Char('j'), KeyCode::Char(' ')] {
            assert!(
                matches!(
                    to_msg(&c, &key(k, KeyModifiers::NONE)),
                    Some(Msg::UnknownKey)
                ),
                "a question needs an explicit yes, not {k:?}"
            );
        }
    }

    #[test]
    fn digits_show_the_screens_but_type_in_a_prompt() {
        let mut a = app_in(Mode::Normal);
        for screen in Screen::ALL {
            a.screen = screen;
            for target in Screen::ALL {
                let k = key(KeyCode::Char(target.key()), KeyModifiers::NONE);
                assert!(
                    matches!(to_msg(&a, &k), Some(Msg::Cmd(C::Show(s))) if s == target),
                    "{:?} from {screen:?}",
                    target
                );
            }
        }
        let p = app_in(Mode::Filter(Default::default()));
        assert!(matches!(
            to_msg(&p, &key(KeyCode::Char('2'), KeyModifiers::NONE)),
            Some(Msg::Insert('2'))
        ));
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                let overlap = a.context.applies_in(b.context) || b.context.applies_in(a.context);
                if overlap {
                    for k in a.keys {
                        assert!(!b.keys.contains(k), "{k:?} bound twice ({})", a.label);
                    }
                }
            }
        }
    }
}
