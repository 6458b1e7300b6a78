//! Imports between the top-level modules of `src/` go one way (ARCHITECTURE.md,
//! "Layers"): no module uses one that uses it back, directly or through others. The test
//! reads every file of `src/`, follows the `mod` declarations from `lib.rs`, `main.rs`
//! (and `bin/`) to know which module of which crate each file is, collects the
//! `crate::x` paths (groups such as `use crate::{a, b::c}` and `super::` paths that
//! reach the crate root included) outside comments, string literals and `#[cfg(test)]`
//! items, and fails naming every circle with one file:line for each of its imports. A
//! file no `mod` reaches fails too (it would be judged by nothing). Tests may import
//! anything: they are not layers.

use regex::Regex;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

#[test]
fn the_modules_of_src_import_each_other_one_way_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = Graph::read(&src).unwrap_or_else(|e| panic!("{e}"));
    // A reader that finds nothing would pass any tree: the library's known imports must
    // be seen (the scan uses the messages and the Maildir, the TUI the actions).
    for (from, to) in [("scan", "message"), ("scan", "maildir"), ("tui", "actions")] {
        assert!(
            graph.edges.contains_key(&(from.into(), to.into())),
            "the reader missed {from} -> {to}: it no longer reads the imports\n{}",
            graph.dump()
        );
    }
    let circles = graph.circles();
    assert!(circles.is_empty(), "{}", circles.join("\n"));
}

#[test]
fn a_circle_is_named_with_a_line_for_each_import() {
    let dir = tree(&[
        ("lib.rs", "pub mod a;\npub mod b;\npub mod c;\npub mod d;\n"),
        ("a.rs", "//! a\nuse crate::b::B;\npub struct A;\n"),
        // A group reaching c, and d through one of its paths.
        (
            "b.rs",
            "pub struct B;\n\nuse crate::{\n    c::C,\n    d,\n};\n",
        ),
        (
            "c.rs",
            "pub struct C;\npub fn f() {\n    let _ = crate::a::A;\n}\n",
        ),
        ("d.rs", "pub fn g() {}\n"),
    ]);
    let graph = Graph::read(&dir.path().join("src")).unwrap();
    let circles = graph.circles();
    assert_eq!(circles.len(), 1, "{circles:?}");
    let report = &circles[0];
    assert!(report.contains("a, b, c"), "{report}");
    for line in [
        "a -> b at src/a.rs:2",
        "b -> c at src/b.rs:4",
        "c -> a at src/c.rs:3",
    ] {
        assert!(report.contains(line), "{line:?} missing in:\n{report}");
    }
    assert!(!report.contains("d at"), "{report}");
}

#[test]
fn comments_strings_and_test_code_are_not_imports() {
    let dir = tree(&[
        ("lib.rs", "pub mod a;\npub mod b;\n"),
        ("a.rs", "use crate::b::B;\n"),
        (
            "b.rs",
            concat!(
                "//! Used by crate::a, see `crate::a::f`.\n",
                "pub struct B;\n",
                "// use crate::a;\n",
                "/* crate::a::x /* nested */ crate::a */\n",
                "pub const S: &str = \"crate::a::f\";\n",
                "pub const R: &str = r#\"crate::a \"quoted\"\"#;\n",
                "pub const Q: char = '\"';\n",
                "pub fn life<'a>(s: &'a str) -> &'a str { s }\n",
                "#[cfg(test)]\n",
                "mod tests {\n",
                "    use crate::a;\n",
                "    fn inner() { let _ = crate::a::A; }\n",
                "}\n",
                "#[cfg(test)]\n",
                "use crate::a::A;\n",
                "#[cfg(test)]\n",
                "mod more;\n",
            ),
        ),
        ("b/more.rs", "use crate::a::A;\n"),
    ]);
    let graph = Graph::read(&dir.path().join("src")).unwrap();
    assert!(graph.circles().is_empty(), "{}", graph.dump());
    assert!(graph.edges.contains_key(&("a".into(), "b".into())));
}

#[test]
fn super_paths_that_reach_the_root_are_imports_too() {
    let dir = tree(&[
        ("lib.rs", "pub mod a;\npub mod b;\n"),
        ("a/mod.rs", "pub mod inner;\n"),
        // super::super from a::inner is the crate root; from a::inner::deep it is a.
        (
            "a/inner.rs",
            "use super::super::b::B;\nmod deep {\n    use super::super::Own;\n}\n",
        ),
        (
            "b.rs",
            "pub struct B;\n#[path = \"b_more.rs\"]\nmod more;\n",
        ),
        ("b_more.rs", "use super::super::a::inner;\n"),
    ]);
    let graph = Graph::read(&dir.path().join("src")).unwrap();
    assert_eq!(
        graph.edges.keys().cloned().collect::<Vec<_>>(),
        [("a".to_string(), "b".to_string()), ("b".into(), "a".into())]
    );
    let circles = graph.circles();
    assert!(
        circles[0].contains("b -> a at src/b_more.rs:1"),
        "{circles:?}"
    );
}

#[test]
fn each_binary_is_a_crate_of_its_own() {
    let dir = tree(&[
        ("lib.rs", "pub mod cli;\npub mod help;\n"),
        // The library's cli and help: one way.
        ("cli.rs", "use crate::help::H;\n"),
        ("help.rs", "pub struct H;\n"),
        // The binary's own cli and help (in main's folder): a circle of the binary.
        (
            "main.rs",
            "mod commands;\nmod words;\nuse altinn::help::H;\n",
        ),
        ("commands.rs", "use crate::words::W;\n"),
        (
            "words.rs",
            "pub struct W;\npub fn f() { crate::commands::run() }\n",
        ),
        ("bin/tool.rs", "mod util;\n"),
        ("bin/util.rs", "use crate::help::H;\n"),
    ]);
    let circles = Graph::read(&dir.path().join("src")).unwrap().circles();
    assert_eq!(circles.len(), 1, "{circles:?}");
    assert!(
        circles[0].contains("between commands, words:"),
        "{circles:?}"
    );
}

#[test]
fn a_file_no_module_reaches_is_named_not_passed_over() {
    let dir = tree(&[("lib.rs", "pub mod a;\n"), ("a.rs", ""), ("orphan.rs", "")]);
    let Err(e) = Graph::read(&dir.path().join("src")) else {
        panic!("a file outside every module tree was passed over");
    };
    assert!(e.contains("orphan.rs is in no module tree"), "{e}");
}

/// A source tree in `src/` of a temporary folder: (path under `src/`, text).
fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join("src").join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}

/// The imports between the top-level modules of the crates under a `src/` folder.
struct Graph {
    /// (crate root, top-level module) of every module with a file.
    modules: BTreeSet<(String, String)>,
    /// (from, to) -> where the first such import stands (file relative to `src/`, line).
    edges: BTreeMap<(String, String), (String, usize)>,
}

/// A file to read: its path, its module path (without the crate) and its crate root.
struct Pending {
    file: PathBuf,
    module: Vec<String>,
    krate: String,
}

impl Graph {
    fn read(src: &Path) -> Result<Graph, String> {
        let mut graph = Graph {
            modules: BTreeSet::new(),
            edges: BTreeMap::new(),
        };
        // The crate roots: the library, the binary, and any further binaries in bin/.
        let mut roots = vec![src.join("lib.rs"), src.join("main.rs")];
        if let Ok(bins) = fs::read_dir(src.join("bin")) {
            for entry in bins.flatten() {
                let p = entry.path();
                roots.push(if p.is_dir() { p.join("main.rs") } else { p });
            }
        }
        let mut queue: VecDeque<Pending> = roots
            .into_iter()
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "rs"))
            .map(|file| Pending {
                krate: file
                    .strip_prefix(src)
                    .unwrap_or(&file)
                    .display()
                    .to_string(),
                file,
                module: Vec::new(),
            })
            .collect();
        if queue.is_empty() {
            return Err(format!("no lib.rs or main.rs in {}", src.display()));
        }
        let mut seen: BTreeSet<PathBuf> = BTreeSet::new();
        let mut test_only: BTreeSet<PathBuf> = BTreeSet::new();
        // Every reference: (crate, from module, target, file, line).
        let mut refs: Vec<(String, String, String, String, usize)> = Vec::new();
        while let Some(p) = queue.pop_front() {
            if !seen.insert(p.file.clone()) {
                continue;
            }
            let text =
                fs::read_to_string(&p.file).map_err(|e| format!("{}: {e}", p.file.display()))?;
            // Named from the folder that holds `src/`: `src/tui/mod.rs`.
            let rel = p
                .file
                .strip_prefix(src.parent().unwrap_or(src))
                .unwrap_or(&p.file)
                .display()
                .to_string();
            let parsed = parse(&text, &p.module);
            if let Some(top) = p.module.first() {
                graph.modules.insert((p.krate.clone(), top.clone()));
            }
            for (target, line) in parsed.refs {
                if let Some(from) = p.module.first() {
                    refs.push((p.krate.clone(), from.clone(), target, rel.clone(), line));
                }
            }
            for child in parsed.children {
                let file = child_file(&p.file, p.module.is_empty(), &child)
                    .ok_or_else(|| format!("{rel}: no file for `mod {}`", child.name))?;
                let mut module = p.module.clone();
                module.extend(child.inline.iter().cloned());
                module.push(child.name.clone());
                if child.test_only {
                    test_only.insert(file);
                } else {
                    queue.push_back(Pending {
                        file,
                        module,
                        krate: p.krate.clone(),
                    });
                }
            }
        }
        // A file that no `mod` reaches is compiled into nothing: say so rather than
        // judge the tree without it.
        for file in rust_files(src)? {
            let in_tests = test_only
                .iter()
                .any(|t| file == *t || file.starts_with(dir_of(t, false)));
            if !seen.contains(&file) && !in_tests {
                return Err(format!(
                    "{} is in no module tree of src/ (a stray file, or a `mod` this test \
                     cannot follow)",
                    file.display()
                ));
            }
        }
        for (krate, from, to, file, line) in refs {
            if from != to && graph.modules.contains(&(krate, to.clone())) {
                graph.edges.entry((from, to)).or_insert((file, line));
            }
        }
        Ok(graph)
    }

    /// The imports, one a line (for a failure that needs the whole picture).
    fn dump(&self) -> String {
        let mut out = String::new();
        for ((from, to), (file, line)) in &self.edges {
            let _ = writeln!(out, "  {from} -> {to} at {file}:{line}");
        }
        out
    }

    /// Every set of modules that import each other (strongly connected, Tarjan), each
    /// with one of its circles walked edge by edge and every import inside it.
    fn circles(&self) -> Vec<String> {
        let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (from, to) in self.edges.keys() {
            next.entry(from.as_str()).or_default().push(to.as_str());
            next.entry(to.as_str()).or_default();
        }
        let mut out = Vec::new();
        for comp in strongly_connected(&next) {
            if comp.len() < 2 {
                continue;
            }
            let inside: BTreeSet<&str> = comp.iter().copied().collect();
            let mut text = format!(
                "import circle between {}:",
                inside.iter().copied().collect::<Vec<_>>().join(", ")
            );
            let start = *inside.iter().next().unwrap();
            let cycle = shortest_cycle(start, &next, &inside);
            for pair in cycle.windows(2) {
                let (file, line) = &self.edges[&(pair[0].to_string(), pair[1].to_string())];
                let _ = write!(text, "\n  {} -> {} at {file}:{line}", pair[0], pair[1]);
            }
            let _ = write!(text, "\n  (every import inside it:");
            for ((from, to), (file, line)) in &self.edges {
                if inside.contains(from.as_str()) && inside.contains(to.as_str()) {
                    let _ = write!(text, "\n     {from} -> {to} at {file}:{line}");
                }
            }
            text.push(')');
            out.push(text);
        }
        out
    }
}

fn strongly_connected<'a>(next: &BTreeMap<&'a str, Vec<&'a str>>) -> Vec<Vec<&'a str>> {
    struct State<'a> {
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        out: Vec<Vec<&'a str>>,
    }
    fn visit<'a>(v: &'a str, next: &BTreeMap<&'a str, Vec<&'a str>>, s: &mut State<'a>) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        s.on_stack.insert(v);
        for &w in &next[v] {
            if !s.index.contains_key(w) {
                visit(w, next, s);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                comp.push(w);
                if w == v {
                    break;
                }
            }
            s.out.push(comp);
        }
    }
    let mut s = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for &v in next.keys() {
        if !s.index.contains_key(v) {
            visit(v, next, &mut s);
        }
    }
    s.out
}

/// The shortest way from `start` back to itself inside a strongly connected set.
fn shortest_cycle<'a>(
    start: &'a str,
    next: &BTreeMap<&'a str, Vec<&'a str>>,
    inside: &BTreeSet<&'a str>,
) -> Vec<&'a str> {
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in &next[v] {
            if !inside.contains(w) {
                continue;
            }
            if w == start {
                let mut path = vec![start, v];
                let mut at = v;
                while at != start {
                    at = came_from[at];
                    path.push(at);
                }
                path.reverse();
                return path;
            }
            if !came_from.contains_key(w) {
                came_from.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    unreachable!("{start} is in a strongly connected set of more than one module")
}

/// A `mod name;` declaration: where its file is looked for.
struct Child {
    name: String,
    /// The inline `mod x { … }` blocks it stands in.
    inline: Vec<String>,
    /// A `#[path = "…"]` on it.
    path: Option<String>,
    /// Declared under `#[cfg(test)]`: test code.
    test_only: bool,
}

/// What one file says: its references to top-level modules (target, line) and the files
/// it declares as modules.
struct Parsed {
    refs: Vec<(String, usize)>,
    children: Vec<Child>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    /// `::`
    Path,
    Sym(char),
    /// A string literal's text (its insides are never read as code).
    Str(String),
}

/// Tokens with their lines; comments skipped, literals as one token each.
fn lex(text: &str) -> Vec<(Tok, usize)> {
    let c: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch == '/' && at(&c, i + 1) == '/' {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && at(&c, i + 1) == '*' {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    line += usize::from(c[i] == '\n');
                    i += 1;
                }
            }
        } else if ch == 'r'
            && (at(&c, i + 1) == '"'
                || (at(&c, i + 1) == '#' && (at(&c, i + 2) == '"' || at(&c, i + 2) == '#')))
        {
            // A raw string: r"…", r#"…"#, …
            let start_line = line;
            let hashes = c[i + 1..].iter().take_while(|&&h| h == '#').count();
            i += 2 + hashes;
            let mut s = String::new();
            while i < c.len() {
                if c[i] == '"'
                    && c[i + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|&&h| h == '#')
                        .count()
                        == hashes
                {
                    i += 1 + hashes;
                    break;
                }
                line += usize::from(c[i] == '\n');
                s.push(c[i]);
                i += 1;
            }
            out.push((Tok::Str(s), start_line));
        } else if ch == '"' {
            let start_line = line;
            i += 1;
            let mut s = String::new();
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    s.push(c[i]);
                    i += 1;
                }
                if let Some(&x) = c.get(i) {
                    line += usize::from(x == '\n');
                    s.push(x);
                }
                i += 1;
            }
            i += 1;
            out.push((Tok::Str(s), start_line));
        } else if ch == '\'' {
            // A char literal ('x', '\n', '\u{1F600}') or a lifetime ('a).
            if at(&c, i + 1) == '\\' {
                // Past the quote, the backslash and the escaped character.
                i += 3;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(&c, i + 2) == '\'' {
                i += 3;
            } else {
                out.push((Tok::Sym('\''), line));
                i += 1;
            }
        } else if ident(ch) {
            let start = i;
            while i < c.len() && ident(c[i]) {
                i += 1;
            }
            let word: String = c[start..i].iter().collect();
            // Byte and C strings (b"…", br"…", c"…") are their string: drop the prefix.
            let prefix = matches!(word.as_str(), "b" | "c" | "br" | "cr");
            if prefix && (at(&c, i) == '"' || at(&c, i) == '#' || at(&c, i) == '\'') {
                if word.ends_with('r') {
                    i -= 1;
                }
                continue;
            }
            if ch.is_ascii_digit() {
                continue;
            }
            out.push((Tok::Ident(word), line));
        } else if ch == ':' && at(&c, i + 1) == ':' {
            out.push((Tok::Path, line));
            i += 2;
        } else {
            out.push((Tok::Sym(ch), line));
            i += 1;
        }
    }
    out
}

/// The character at `i`, or NUL past the end.
fn at(c: &[char], i: usize) -> char {
    c.get(i).copied().unwrap_or('\0')
}

/// The index after the group that opens at `open` (`{`, `[` or `(`), or the end.
fn close_of(toks: &[(Tok, usize)], open: usize) -> usize {
    let mut depth = 0i32;
    for (k, (t, _)) in toks.iter().enumerate().skip(open) {
        match t {
            Tok::Sym('{' | '[' | '(') => depth += 1,
            Tok::Sym('}' | ']' | ')') => {
                depth -= 1;
                if depth == 0 {
                    return k + 1;
                }
            }
            _ => {}
        }
    }
    toks.len()
}

/// The index after the item that starts at `i`: its `;` or its `{ … }` at depth 0.
fn item_end(toks: &[(Tok, usize)], mut i: usize) -> usize {
    while i < toks.len() {
        match toks[i].0 {
            Tok::Sym(';') => return i + 1,
            Tok::Sym('{') => return close_of(toks, i),
            Tok::Sym('[' | '(') => i = close_of(toks, i),
            _ => i += 1,
        }
    }
    i
}

fn is_ident(t: Option<&(Tok, usize)>, word: &str) -> bool {
    matches!(t, Some((Tok::Ident(w), _)) if w == word)
}

/// Is the attribute in `toks` (`cfg ( … )`, without `#[`, `]`) code for tests only?
fn only_for_tests(attr: &[(Tok, usize)]) -> bool {
    if !is_ident(attr.first(), "cfg") {
        return false;
    }
    let words: Vec<String> = attr
        .iter()
        .map(|(t, _)| match t {
            Tok::Ident(w) => w.clone(),
            Tok::Sym(c) => c.to_string(),
            Tok::Path => "::".into(),
            Tok::Str(s) => format!("{s:?}"),
        })
        .collect();
    let joined = words.join(" ");
    // cfg(test) and cfg(all(test, …)); not cfg(not(test)) nor cfg(any(test, …)).
    let cfg = Regex::new(r"^cfg \( (test|all \( .*\btest\b.*\)) \)$").unwrap();
    cfg.is_match(&joined) && !joined.contains("not ( test") && !joined.contains("any (")
}

fn parse(text: &str, module: &[String]) -> Parsed {
    let toks = lex(text);
    let mut out = Parsed {
        refs: Vec::new(),
        children: Vec::new(),
    };
    // Each open brace: the inline module it opened, if any.
    let mut braces: Vec<Option<String>> = Vec::new();
    let mut for_tests = false;
    let mut path_attr: Option<String> = None;
    let mut i = 0;
    while i < toks.len() {
        let (tok, line) = &toks[i];
        match tok {
            Tok::Sym('#') => {
                let inner = matches!(toks.get(i + 1), Some((Tok::Sym('!'), _)));
                let open = i + 1 + usize::from(inner);
                if !matches!(toks.get(open), Some((Tok::Sym('['), _))) {
                    i += 1;
                    continue;
                }
                let end = close_of(&toks, open);
                let attr = &toks[open + 1..end.saturating_sub(1)];
                if only_for_tests(attr) {
                    if inner && braces.is_empty() {
                        // #![cfg(test)] at the top: the whole file is test code.
                        return out;
                    }
                    for_tests = !inner;
                }
                if let [(Tok::Ident(w), _), (Tok::Sym('='), _), (Tok::Str(p), _)] = attr
                    && w == "path"
                {
                    path_attr = Some(p.clone());
                }
                i = end;
                continue;
            }
            _ if for_tests => {
                // The item under #[cfg(test)]: skipped, but a `mod x;` names a test file.
                let end = item_end(&toks, i);
                if let Some(child) = mod_decl(&toks[i..end], &braces, path_attr.take()) {
                    out.children.push(Child {
                        test_only: true,
                        ..child
                    });
                }
                for_tests = false;
                i = end;
                continue;
            }
            Tok::Ident(w) if w == "mod" => {
                let end = item_end(&toks, i);
                if let Some(child) = mod_decl(&toks[i..end], &braces, path_attr.take()) {
                    out.children.push(child);
                    i = end;
                    continue;
                }
                if let Some((Tok::Ident(name), _)) = toks.get(i + 1)
                    && matches!(toks.get(i + 2), Some((Tok::Sym('{'), _)))
                {
                    braces.push(Some(name.clone()));
                    i += 3;
                    continue;
                }
            }
            Tok::Sym('{') => braces.push(None),
            Tok::Sym('}') => {
                braces.pop();
            }
            Tok::Sym(';') => path_attr = None,
            // `crate::…` (not `x::crate`, which is no path): the module it names.
            Tok::Ident(w)
                if w == "crate"
                    && matches!(toks.get(i + 1), Some((Tok::Path, _)))
                    && !matches!(toks.get(i.wrapping_sub(1)), Some((Tok::Path, _))) =>
            {
                out.refs.extend(heads(&toks, i + 2, *line));
            }
            Tok::Ident(w)
                if w == "super" && !matches!(toks.get(i.wrapping_sub(1)), Some((Tok::Path, _))) =>
            {
                // super::super::…: where it lands, counted from this inline module.
                let mut k = i;
                let mut ups = 0;
                while is_ident(toks.get(k), "super")
                    && matches!(toks.get(k + 1), Some((Tok::Path, _)))
                {
                    ups += 1;
                    k += 2;
                }
                let depth = module.len() + braces.iter().flatten().count();
                if ups > 0 && ups == depth {
                    out.refs.extend(heads(&toks, k, *line));
                }
                i = k.max(i + 1);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The first segments of the path(s) that start at `i` (after `crate::`): one name, or
/// each name at the top of a `{ … }` group; `self` names nothing new.
fn heads(toks: &[(Tok, usize)], i: usize, line: usize) -> Vec<(String, usize)> {
    match toks.get(i) {
        Some((Tok::Ident(w), _)) => vec![(w.clone(), line)],
        Some((Tok::Sym('{'), _)) => {
            let end = close_of(toks, i);
            let mut out = Vec::new();
            let mut depth = 0;
            let mut first = true;
            for (t, l) in &toks[i..end] {
                match t {
                    Tok::Sym('{') => {
                        depth += 1;
                        first = depth == 1;
                    }
                    Tok::Sym('}') => depth -= 1,
                    Tok::Sym(',') if depth == 1 => first = true,
                    Tok::Ident(w) if first && depth == 1 => {
                        if w != "self" {
                            out.push((w.clone(), *l));
                        }
                        first = false;
                    }
                    _ => first = false,
                }
            }
            out
        }
        _ => Vec::new(),
    }
}

/// `[pub[(…)]] mod name;` in `item`, as a child file.
fn mod_decl(
    item: &[(Tok, usize)],
    braces: &[Option<String>],
    path: Option<String>,
) -> Option<Child> {
    let m = item
        .iter()
        .position(|(t, _)| *t == Tok::Ident("mod".into()))?;
    match &item[m..] {
        [
            (Tok::Ident(_), _),
            (Tok::Ident(name), _),
            (Tok::Sym(';'), _),
        ] => Some(Child {
            name: name.clone(),
            inline: braces.iter().flatten().cloned().collect(),
            path,
            test_only: false,
        }),
        _ => None,
    }
}

/// The file of a `mod` declared in `parent` (a crate root when `root`).
fn child_file(parent: &Path, root: bool, child: &Child) -> Option<PathBuf> {
    let here = parent.parent()?;
    if let Some(p) = &child.path {
        // #[path] outside inline modules is relative to the declaring file's folder.
        let mut dir = here.to_path_buf();
        if !child.inline.is_empty() {
            dir = dir_of(parent, root);
            dir.extend(&child.inline);
        }
        return Some(dir.join(p));
    }
    let mut dir = dir_of(parent, root);
    dir.extend(&child.inline);
    [
        dir.join(format!("{}.rs", child.name)),
        dir.join(&child.name).join("mod.rs"),
    ]
    .into_iter()
    .find(|p| p.is_file())
}

/// The folder that holds the files of a file's child modules: a crate root's, a
/// `mod.rs`'s own folder; `a/b.rs`'s `a/b/`.
fn dir_of(file: &Path, root: bool) -> PathBuf {
    let here = file.parent().unwrap_or(Path::new(""));
    if root || file.file_name().is_some_and(|n| n == "mod.rs") {
        here.to_path_buf()
    } else {
        here.join(name(file))
    }
}

/// A file's name without `.rs`.
fn name(file: &Path) -> String {
    file.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn rust_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            out.extend(rust_files(&path)?);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(out)
}
