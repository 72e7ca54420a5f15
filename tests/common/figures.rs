//! The README's figures ("### The fault suite" table) and the tests a test binary holds: so a
//! figure can be compared with what the suite really runs.

/// The figure of the README's fault-suite row whose first cell starts with `what`.
pub fn readme_figure(what: &str) -> String {
    doc_figure("docs/testing.md", "# The fault suite", what)
}

/// The second cell of the two-cell table row, in the section of `page` (a path from the crate's
/// root) after `heading`, whose first cell starts with `what`.
pub fn doc_figure(page: &str, heading: &str, what: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(page);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{page}: {e}"));
    let section = text
        .split(heading)
        .nth(1)
        .unwrap_or_else(|| panic!("no {heading:?} section in {page}"));
    section
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.trim().trim_matches('|').split('|').collect();
            (cells.len() == 2 && cells[0].trim().starts_with(what))
                .then(|| cells[1].trim().to_owned())
        })
        .next()
        .unwrap_or_else(|| panic!("no figure for {what:?} in {page}"))
}

/// The names of the tests in this test binary, as `--list` prints them.
pub fn listed_tests() -> Vec<String> {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--list", "--format", "terse"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_suffix(": test").map(str::to_owned))
        .collect()
}
