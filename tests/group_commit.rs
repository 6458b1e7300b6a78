//! `apply --yes` with group commit: archives and deletes are moved in groups (their
//! folders fsynced once, their journal lines written together), forwards one by one with
//! their own `sending`/`sent` lines. What the clerk notices is the same as one by one:
//! every message where its rule sends it, the journal in the plan's order with one true
//! entry each, every forward sent once.

mod support;

use std::collections::HashMap;
use support::{Kind, abs, sandbox_with};

fn kind_of(i: usize) -> Kind {
    match i {
        _ if i % 29 == 4 => Kind::Forward,
        _ if i % 7 == 2 => Kind::SickNote,
        _ => Kind::Archive,
    }
}

#[test]
fn a_batch_of_many_moves_and_forwards_is_journaled_in_order_and_true() {
    let n = 2 * altinn_sweep::actions::GROUP_COMMIT + 30;
    let corpus = support::generate(n, kind_of);
    let sb = sandbox_with(&corpus);
    let run = sb.run(&["apply", "--yes"]);
    run.expect_code(0, "apply --yes");

    for m in &corpus {
        assert!(
            sb.mail().join(m.target_rel()).is_file(),
            "{} is not at {}",
            m.file_name,
            m.target_rel().display()
        );
    }
    let journal = sb.journal();
    assert!(journal.bad.is_empty());
    assert_eq!(journal.entries.len(), n, "one entry per message");
    let position: HashMap<&str, usize> = corpus
        .iter()
        .enumerate()
        .map(|(i, m)| (m.unique(), i))
        .collect();
    let order: Vec<usize> = journal
        .entries
        .iter()
        .map(|e| position[e["id"].as_str().unwrap()])
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "the journal follows the plan (oldest first): {order:?}"
    );
    for e in &journal.entries {
        let m = &corpus[position[e["id"].as_str().unwrap()]];
        assert_eq!(e["result"], "ok", "{e}");
        assert_eq!(e["action"], m.kind.action());
        assert_eq!(e["to_path"], abs(&sb, &m.target_rel()).as_str());
    }
    let forwards = corpus.iter().filter(|m| m.kind == Kind::Forward).count();
    assert!(forwards >= 4);
    assert_eq!(sb.sent().len(), forwards, "each forward sent once");
    // a forward's intent and fact are lines of their own, around its send
    assert_eq!(journal.steps.len(), 2 * forwards);
}
