//! altinn-sweep: recognise Altinn notification emails in a Maildir and suggest what the
//! document centre's routine says to do with each. The core knows nothing of terminals.

pub mod acting;
pub mod actions;
pub mod altinn;
pub mod authres;
pub mod browser;
pub mod calendar;
pub mod config;
pub mod followup;
pub mod i18n;
pub mod journal;
pub mod links;
pub mod maildir;
pub mod message;
pub mod notification;
pub mod orgnr;
pub mod pattern;
pub mod rules;
pub mod scan;
pub mod stats;
pub mod text;
pub mod transport;
pub mod tui;
pub mod units;
