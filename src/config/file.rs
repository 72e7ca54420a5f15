//! `config.toml`: the named profiles (`[profiles.NAME] project_id, base_url`) and
//! `default_profile`. Never a secret: those are in the OS keyring.
//!
//! Read with the `toml` crate's spans, so every problem is reported as `path:line:column`; an
//! unknown key is a warning, not an error. Written whole, atomically (a temp file in the same
//! directory, then a rename), mode 0600 on unix.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use reqwest::Url;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::error::{Error, ErrorKind, Result};
use crate::sanitize::sanitize;
use crate::stytch::ProjectId;

/// The environment variable that moves the config directory (when set and non-empty).
pub const CONFIG_DIR_ENV: &str = "STYTCH_M2M_CONFIG_DIR";
const APP_DIR: &str = "stytch-m2m";
const FILE_NAME: &str = "config.toml";
const HEADER: &str = "# stytch-m2m profiles: written by `stytch-m2m auth login|logout|switch`.\n\
                      # No secret is kept here; each project's secret is in the OS keyring.\n\n";

/// One named profile: a project and where its API is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub project_id: ProjectId,
    /// `None`: the project's own environment (`api.stytch.com` or `test.stytch.com`).
    pub base_url: Option<Url>,
    /// `record = true`: rotation commands keep the record on the client (`--record`) unless
    /// told otherwise by a flag or `STYTCH_M2M_RECORD`.
    pub record: bool,
}

/// The whole file, as read (or empty when there is none).
#[derive(Debug, Clone)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub default_profile: Option<String>,
    pub profiles: BTreeMap<String, Profile>,
    /// Unknown keys and other things worth saying, each with `path:line:column`.
    pub warnings: Vec<String>,
}

#[derive(Deserialize)]
struct RawFile {
    default_profile: Option<Spanned<String>>,
    #[serde(default)]
    profiles: BTreeMap<Spanned<String>, RawProfile>,
}

#[derive(Deserialize)]
struct RawProfile {
    project_id: Spanned<String>,
    base_url: Option<Spanned<String>>,
    #[serde(default)]
    record: bool,
}

#[derive(Serialize)]
struct OutFile<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    default_profile: Option<&'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    profiles: BTreeMap<&'a str, OutProfile<'a>>,
}

#[derive(Serialize)]
struct OutProfile<'a> {
    project_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    base_url: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    record: bool,
}

/// `$STYTCH_M2M_CONFIG_DIR/config.toml`, else `<platform config dir>/stytch-m2m/config.toml`
/// (`$XDG_CONFIG_HOME` or `~/.config` on Linux); `None` without a home directory.
pub fn config_path() -> Option<PathBuf> {
    match std::env::var_os(CONFIG_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir).join(FILE_NAME)),
        _ => dirs::config_dir().map(|d| d.join(APP_DIR).join(FILE_NAME)),
    }
}

/// A profile name: 1 to 64 of `A-Z a-z 0-9 _ -`.
pub fn check_profile_name(name: &str) -> Result<()> {
    let ok = (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if ok {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::InvalidProfileName,
        format!(
            "invalid profile name {:?}: use 1 to 64 letters, digits, `_` or `-`",
            sanitize(name)
        ),
    )
    .hint("e.g. --profile live or --profile test"))
}

impl ConfigFile {
    /// Reads the file at the usual place; no file (or no place for one: no home directory, as
    /// on some CI runners) is an empty config, not an error.
    pub fn load() -> Result<ConfigFile> {
        match config_path() {
            Some(path) => ConfigFile::load_from(path),
            None => Ok(ConfigFile::empty(PathBuf::new())),
        }
    }

    pub fn load_from(path: PathBuf) -> Result<ConfigFile> {
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|e| {
                let at = Position::of(
                    &String::from_utf8_lossy(e.as_bytes()),
                    e.utf8_error().valid_up_to(),
                );
                malformed(&path, Some(at), "the file is not UTF-8 text")
            })?,
            // No file, or no directory to hold one (a HOME that is not a directory): no profiles.
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                return Ok(ConfigFile::empty(path));
            }
            Err(e) => {
                return Err(Error::new(
                    ErrorKind::ConfigUnreadable,
                    format!("could not read {}: {e}", shown(&path)),
                )
                .hint("check the file's permissions, or move it away"))
            }
        };
        ConfigFile::parse(path, &text)
    }

    fn empty(path: PathBuf) -> ConfigFile {
        ConfigFile {
            path,
            default_profile: None,
            profiles: BTreeMap::new(),
            warnings: Vec::new(),
        }
    }

    /// Parses `text` as the file at `path` (for messages).
    pub fn parse(path: PathBuf, text: &str) -> Result<ConfigFile> {
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let at = e.span().map(|s| Position::of(text, s.start));
            malformed(&path, at, e.message())
        })?;
        let bad = |span: std::ops::Range<usize>, what: String| {
            malformed(&path, Some(Position::of(text, span.start)), &what)
        };
        let mut profiles = BTreeMap::new();
        for (name, p) in raw.profiles {
            check_profile_name(name.get_ref()).map_err(|e| bad(name.span(), e.message))?;
            let project_id = ProjectId::parse(p.project_id.get_ref().trim())
                .map_err(|e| bad(p.project_id.span(), e.message))?;
            let base_url = match p.base_url {
                Some(url) => Some(
                    super::parse_base_url(url.get_ref()).map_err(|e| bad(url.span(), e.message))?,
                ),
                None => None,
            };
            let profile = Profile {
                project_id,
                base_url,
                record: p.record,
            };
            profiles.insert(name.into_inner(), profile);
        }
        let default_profile = match raw.default_profile {
            Some(name) if !profiles.contains_key(name.get_ref()) => {
                let why = format!(
                    "default_profile is {:?}, which is not a profile here ({})",
                    sanitize(name.get_ref()),
                    names_of(&profiles)
                );
                return Err(bad(name.span(), why));
            }
            other => other.map(Spanned::into_inner),
        };
        let warnings = unknown_keys(&path, text);
        Ok(ConfigFile {
            path,
            default_profile,
            profiles,
            warnings,
        })
    }

    /// The profile names, for messages: "`live`, `test`" or "there are none".
    pub fn names(&self) -> String {
        names_of(&self.profiles)
    }

    /// `NAME`'s profile, or exit 2 listing the names there are.
    pub fn profile(&self, name: &str) -> Result<&Profile> {
        check_profile_name(name)?;
        self.profiles.get(name).ok_or_else(|| {
            Error::new(
                ErrorKind::ProfileNotFound,
                format!("there is no profile {name:?} in {}; profiles: {}", shown(&self.path), self.names()),
            )
            .hint(format!("create it with `stytch-m2m auth login --profile {name}`, or pick one of the names above"))
        })
    }

    /// Writes the file whole: a new temp file (0600) in the same directory, synced, renamed over.
    pub fn save(&self) -> Result<()> {
        if self.path.as_os_str().is_empty() {
            return Err(Error::new(
                ErrorKind::ConfigUnwritable,
                "there is no config directory to write config.toml to (no home directory?)",
            )
            .hint(format!(
                "set {CONFIG_DIR_ENV} to a directory for config.toml"
            )));
        }
        let out = OutFile {
            default_profile: self.default_profile.as_deref(),
            profiles: self
                .profiles
                .iter()
                .map(|(name, p)| {
                    let profile = OutProfile {
                        project_id: p.project_id.as_str(),
                        base_url: p
                            .base_url
                            .as_ref()
                            .map(|u| u.as_str().trim_end_matches('/')),
                        record: p.record,
                    };
                    (name.as_str(), profile)
                })
                .collect(),
        };
        let body = toml::to_string(&out)
            .map_err(|e| Error::internal(format!("could not encode the config file: {e}")))?;
        write_atomically(&self.path, format!("{HEADER}{body}").as_bytes()).map_err(|e| {
            Error::new(
                ErrorKind::ConfigUnwritable,
                format!("could not write {}: {e}", shown(&self.path)),
            )
            .hint(format!(
                "check that you can write to its directory, or set {CONFIG_DIR_ENV} to one you can"
            ))
        })
    }
}

fn names_of(profiles: &BTreeMap<String, Profile>) -> String {
    if profiles.is_empty() {
        return "none yet".to_owned();
    }
    let names: Vec<String> = profiles.keys().map(|n| format!("`{n}`")).collect();
    names.join(", ")
}

fn shown(path: &Path) -> String {
    sanitize(&path.display().to_string())
}

/// A 1-based line and column (in characters) of a byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    pub fn of(text: &str, offset: usize) -> Position {
        let mut end = offset.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &text[..end];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Position {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }
}

fn located(path: &Path, at: Option<Position>) -> String {
    match at {
        Some(p) => format!("{}:{}:{}", shown(path), p.line, p.column),
        None => shown(path),
    }
}

fn malformed(path: &Path, at: Option<Position>, what: &str) -> Error {
    let what = sanitize(what.trim());
    Error::new(
        ErrorKind::ConfigInvalid,
        format!("{}: {what}", located(path, at)),
    )
    .hint("fix or delete that line (`stytch-m2m auth login` writes the file anew), then run the command again")
}

/// Every key that is not `default_profile`, `profiles.NAME.project_id` or
/// `profiles.NAME.base_url`, as a warning with its position. The file already parsed.
fn unknown_keys(path: &Path, text: &str) -> Vec<String> {
    let Ok(doc) = toml::de::DeTable::parse(text) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (key, value) in doc.get_ref() {
        match key.get_ref().as_ref() {
            "default_profile" => {}
            "profiles" => {
                let Some(profiles) = value.get_ref().as_table() else {
                    continue;
                };
                for (name, profile) in profiles {
                    let Some(profile) = profile.get_ref().as_table() else {
                        continue;
                    };
                    for (k, _) in profile {
                        if !matches!(k.get_ref().as_ref(), "project_id" | "base_url" | "record") {
                            let key = format!("profiles.{}.{}", name.get_ref(), k.get_ref());
                            found.push((k.span().start, key));
                        }
                    }
                }
            }
            other => found.push((key.span().start, other.to_owned())),
        }
    }
    found.sort();
    found
        .into_iter()
        .map(|(offset, key)| {
            let at = located(path, Some(Position::of(text, offset)));
            format!("{at}: unknown key `{}` is ignored", sanitize(&key))
        })
        .collect()
}

/// Creates `path`'s directory (0700) if needed, writes a temp file next to `path` (0600),
/// syncs it, renames it over `path` and syncs the directory.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let temp = dir.join(format!(".{FILE_NAME}.{}.{nanos}.tmp", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let result = options.open(&temp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, path)
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ConfigFile> {
        ConfigFile::parse(PathBuf::from("/c/config.toml"), text)
    }

    #[test]
    fn a_good_file_is_read_and_round_trips() {
        let text = "default_profile = \"live\"\n[profiles.live]\nproject_id = \"project-live-1\"\n\
                    [profiles.local]\nproject_id = \"project-test-2\"\nbase_url = \"http://127.0.0.1:9\"\n";
        let file = parse(text).unwrap();
        assert_eq!(file.default_profile.as_deref(), Some("live"));
        assert_eq!(file.profiles["live"].base_url, None);
        assert_eq!(
            file.profiles["local"].base_url.as_ref().unwrap().as_str(),
            "http://127.0.0.1:9/"
        );
        assert!(file.warnings.is_empty(), "{:?}", file.warnings);
        let dir = tempfile_dir();
        let path = dir.join("sub").join("config.toml");
        let written = ConfigFile {
            path: path.clone(),
            ..file
        };
        written.save().unwrap();
        let again = ConfigFile::load_from(path).unwrap();
        assert_eq!(again.profiles, written.profiles);
        assert_eq!(again.default_profile, written.default_profile);
        let _ = std::fs::remove_dir_all(dir);
    }

    fn tempfile_dir() -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("stytch-m2m-config-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn problems_are_located() {
        let err = parse("[profiles.a]\nproject_id = \"project-test-1\n").unwrap_err();
        assert_eq!(err.kind, ErrorKind::ConfigInvalid);
        assert!(
            err.message.starts_with("/c/config.toml:2:"),
            "{}",
            err.message
        );
        let err = parse("[profiles.\"a b\"]\nproject_id = \"p\"\n").unwrap_err();
        assert!(
            err.message
                .starts_with("/c/config.toml:1:11: invalid profile name"),
            "{}",
            err.message
        );
        let err = parse("[profiles.a]\nproject_id = \"p\"\nbase_url = \"http://example.com\"\n")
            .unwrap_err();
        assert!(
            err.message
                .starts_with("/c/config.toml:3:12: invalid base URL"),
            "{}",
            err.message
        );
        let err = parse("default_profile = \"x\"\n[profiles.a]\nproject_id = \"p\"\n").unwrap_err();
        assert!(
            err.message.contains("1:19") && err.message.contains("`a`"),
            "{}",
            err.message
        );
        let err = parse("[profiles.a]\nbase_url = \"https://x.example\"\n").unwrap_err();
        assert!(err.message.contains("project_id"), "{}", err.message);
    }

    #[test]
    fn unknown_keys_are_warnings() {
        let file =
            parse("colour = 1\n[profiles.a]\nproject_id = \"p\"\nprojectid = \"q\"\n").unwrap();
        assert_eq!(
            file.warnings,
            [
                "/c/config.toml:1:1: unknown key `colour` is ignored",
                "/c/config.toml:4:1: unknown key `profiles.a.projectid` is ignored"
            ]
        );
    }

    #[test]
    fn profile_names() {
        for good in ["a", "live", "Test_2", "x-y", &"a".repeat(64)] {
            assert!(check_profile_name(good).is_ok(), "{good}");
        }
        for bad in ["", "a b", "a.b", "é", "a/b", &"a".repeat(65)] {
            assert!(check_profile_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn positions_count_characters() {
        assert_eq!(Position::of("ab\ncé d", 7), Position { line: 2, column: 4 });
        assert_eq!(Position::of("", 5), Position { line: 1, column: 1 });
    }
}
