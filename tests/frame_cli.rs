//! Routine point 4 and the frame through the real binary: what is not fetched carries the
//! configured reason; a notice that says its message went to a role other than post/arkiv
//! is flagged for the clerk and left in the inbox by `apply --yes`, while the others are
//! archived.

mod support;

use support::followup::{notice, sandbox};
use support::{Kind, json_lines, notification};

fn files(dir: &std::path::Path) -> usize {
    ["new", "cur"]
        .iter()
        .map(|s| std::fs::read_dir(dir.join(s)).map_or(0, |d| d.count()))
        .sum()
}

#[test]
fn not_fetched_reasons_and_other_roles_reach_the_clerk() {
    let sb = sandbox();
    let inbox = sb.folder("INBOX/cur");
    std::fs::write(inbox.join("1.customs:2,S"), notification(1, Kind::Customs)).unwrap();
    let mut role = notice(2, "Tue, 1 Dec 2026 08:00:00 +0100", "SANDNES KOMMUNE");
    let text = String::from_utf8(role.clone()).unwrap().replace(
        "fra Skatteetaten.",
        "fra Skatteetaten. Meldingen er sendt til rollen «Lønn og personal».",
    );
    role = text.into_bytes();
    std::fs::write(inbox.join("2.role:2,S"), &role).unwrap();
    let post = String::from_utf8(notice(
        3,
        "Tue, 1 Dec 2026 08:05:00 +0100",
        "SANDNES KOMMUNE",
    ))
    .unwrap()
    .replace(
        "fra Skatteetaten.",
        "fra Skatteetaten. Meldingen er sendt i rollen post/arkiv.",
    );
    std::fs::write(inbox.join("3.post:2,S"), post).unwrap();
    std::fs::write(
        inbox.join("4.plain:2,S"),
        notice(4, "Tue, 1 Dec 2026 08:10:00 +0100", "SANDNES KOMMUNE"),
    )
    .unwrap();

    let r = sb.run(&["scan", "--json"]);
    r.expect_code(0, "scan");
    let lines = json_lines(&r.stdout);
    let notes = |stem: &str| -> Vec<(String, String)> {
        let v = lines
            .iter()
            .find(|l| l["id"].as_str().unwrap().contains(stem))
            .unwrap_or_else(|| panic!("{stem}: {}", r.stdout));
        v["notes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| {
                (
                    n["kind"].as_str().unwrap().to_string(),
                    n["detail"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let customs = notes("customs");
    assert_eq!(customs.len(), 1, "{customs:?}");
    assert_eq!(customs[0].0, "not_fetched");
    assert!(
        customs[0]
            .1
            .starts_with("Tolldeklarasjonsoversikt: Tolletatens oversikt hentes ikke")
    );
    assert_eq!(
        notes("role"),
        [("other_role".to_string(), "Lønn og personal".to_string())]
    );
    assert!(notes("post").is_empty(), "post/arkiv is the fetched role");
    assert!(notes("plain").is_empty());

    let r = sb.run(&["apply", "--yes"]);
    r.expect_code(0, "apply");
    assert!(
        r.stdout.contains(
            "sent in the role \"Lønn og personal\", not post/arkiv: decide yourself; a batch does not archive it"
        ),
        "{}",
        r.stdout
    );
    // the customs overview is deleted by its rule, the other-role notice stays, two archived
    assert_eq!(files(&sb.folder("INBOX")), 1);
    assert!(sb.folder("INBOX/cur/2.role:2,S").is_file());
    assert_eq!(files(&sb.folder("Altinn")), 2);
    assert_eq!(files(&sb.folder("Trash")), 1);
}
