//! The shared mail generator (`tests/support/mailgen/`): the committed demo mailbox is
//! exactly what its table makes, every demo message decodes (by mail-parser, as the tool
//! reads it) to the subject and texts that were intended, and the encoders round-trip.

mod support;

use mail_parser::{MessageParser, MimeHeaders, PartType};
use std::collections::BTreeMap;
use std::path::Path;
use support::mailgen::{demo, mime, simple};
use support::manifest_dir;

/// Every file under `dir` (dot-files included), by relative path, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = e.expect("an entry").path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn the_committed_demo_mailbox_is_what_the_generator_makes() {
    let tmp = tempfile::tempdir().expect("a temp dir");
    let n = demo::write(tmp.path()).expect("write the demo mailbox");
    let committed = manifest_dir().join("assets/demo");
    let (made, have) = (
        tree(&tmp.path().join("Mail")),
        tree(&committed.join("Mail")),
    );
    let names = |t: &BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&made),
        names(&have),
        "assets/demo/Mail has other files than the generator makes; \
         run `cargo run --example make_demo`"
    );
    for (name, bytes) in &made {
        assert!(
            have[name] == *bytes,
            "assets/demo/Mail/{name} differs from what the generator makes; \
             run `cargo run --example make_demo`"
        );
    }
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("EXPECTED.tsv")).unwrap(),
        std::fs::read_to_string(committed.join("EXPECTED.tsv")).unwrap(),
        "assets/demo/EXPECTED.tsv is stale; run `cargo run --example make_demo`"
    );
    let messages = made
        .keys()
        .filter(|k| k.starts_with("INBOX/") && !k.ends_with("/.gitkeep"))
        .count();
    assert_eq!(n, messages);
}

#[test]
fn every_demo_message_decodes_to_what_was_intended() {
    for p in demo::placed(demo::messages()) {
        let raw = &p.bytes;
        let name = &p.rel;
        if p.msg.crlf {
            assert_eq!(
                raw.iter().filter(|&&b| b == b'\n').count(),
                raw.windows(2).filter(|w| w == b"\r\n").count(),
                "{name}: mixed line ends"
            );
        } else {
            assert!(!raw.contains(&b'\r'), "{name}: a stray CR");
        }
        for line in raw.split(|&b| b == b'\n') {
            assert!(line.len() <= 999, "{name}: a line over 998 characters");
        }
        let msg = MessageParser::default()
            .parse(raw)
            .unwrap_or_else(|| panic!("{name} does not parse"));
        assert_eq!(msg.subject(), p.msg.subject.as_deref(), "{name}: subject");
        let leaves: Vec<_> = msg
            .parts
            .iter()
            .filter(|part| !matches!(part.body, PartType::Multipart(_)))
            .collect();
        let want = p.msg.body.leaves();
        assert_eq!(leaves.len(), want.len(), "{name}: number of parts");
        for (got, want) in leaves.iter().zip(want) {
            let ct = got.content_type().expect("a Content-Type");
            assert_eq!(
                (ct.ctype(), ct.subtype()),
                ("text", Some(want.subtype)),
                "{name}: content type"
            );
            let text = got
                .text_contents()
                .unwrap_or_else(|| panic!("{name}: a {} part without text", want.subtype))
                .replace("\r\n", "\n");
            assert_eq!(
                text.trim_end_matches('\n'),
                want.text.trim_end_matches('\n'),
                "{name}: body"
            );
        }
    }
}

#[test]
fn adding_a_later_demo_message_keeps_every_existing_file_name() {
    let before: Vec<String> = demo::placed(demo::messages())
        .into_iter()
        .map(|p| p.rel)
        .collect();
    let mut msgs = demo::messages();
    msgs.push(demo::Msg::new(
        "later",
        "En melding har blitt mottatt i Altinn",
        demo::plain("Hei."),
        demo::Expected::archive("-", "a later message"),
        demo::nov(27, 9, 0, 0),
    ));
    let after: Vec<String> = demo::placed(msgs).into_iter().map(|p| p.rel).collect();
    assert_eq!(after[..before.len()], before[..]);
    assert_eq!(after.len(), before.len() + 1);
}

#[test]
fn quoted_printable_and_base64_round_trip() {
    let text = "Ærlig talt – dette er en lang linje med nok tekst til at den må brytes \
                mykt minst én gang, og den slutter med mellomrom   \n\
                =likhetstegn= og\ttabulator\t\nsiste linje uten linjeskift"
        .as_bytes();
    let qp = mime::quoted_printable(text);
    assert!(!qp.contains(&b'\r'), "LF line ends stay LF");
    assert!(
        qp.split(|&b| b == b'\n').all(|l| l.len() <= 76),
        "{}",
        String::from_utf8_lossy(&qp)
    );
    let crlf: Vec<u8> = qp
        .iter()
        .flat_map(|&b| {
            if b == b'\n' {
                vec![b'\r', b'\n']
            } else {
                vec![b]
            }
        })
        .collect();
    let decoded = quoted_printable::decode(&crlf, quoted_printable::ParseMode::Strict).unwrap();
    assert_eq!(support::crlf_to_lf(&decoded), text);

    let b64 = mime::base64_lines(text);
    assert!(b64.split(|&b| b == b'\n').all(|l| l.len() <= 76));
    use base64::Engine as _;
    let joined: Vec<u8> = b64.iter().copied().filter(|&b| b != b'\n').collect();
    assert_eq!(
        base64::engine::general_purpose::STANDARD
            .decode(joined)
            .unwrap(),
        text
    );
}

#[test]
fn encoded_words_decode_to_the_subject_in_every_charset() {
    let subject = "Påminnelse – en melding har blitt mottatt i Altinn fra Statistisk sentralbyrå";
    for (charset, b) in [("UTF-8", false), ("UTF-8", true), ("iso-8859-1", false)] {
        let subject = if charset == "iso-8859-1" {
            subject.replace('–', "-")
        } else {
            subject.to_string()
        };
        let header = mime::encoded_header(&subject, charset, b);
        assert!(header.lines().all(|l| l.trim().len() <= 66), "{header}");
        let raw = format!("Subject: {header}\n\nx\n");
        let msg = MessageParser::default().parse(raw.as_bytes()).unwrap();
        assert_eq!(msg.subject(), Some(subject.as_str()), "{charset} {b}");
    }
}

#[test]
fn simple_notifications_keep_their_form() {
    let got = String::from_utf8(simple::notification(61, simple::Kind::Forward)).unwrap();
    assert_eq!(
        got,
        "From: Altinn <noreply@altinn.no>\n\
         To: postmottak@sandnes.kommune.no\n\
         Subject: Sykepengesøknad som ikke er sendt inn\n\
         Date: Thu, 26 Nov 2026 08:01:01 +0100\n\
         Message-ID: <gen-61@altinn.no>\n\
         MIME-Version: 1.0\n\
         Content-Type: text/plain; charset=utf-8\n\
         Content-Transfer-Encoding: 8bit\n\
         \n\
         Hei. SANDNES KOMMUNE har mottatt en ny melding fra NAV.\n\
         Referanse: 000061\n"
    );
}
