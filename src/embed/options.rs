//! The options an author writes in the playground's URL query, for an iframe in a
//! blog post or a link to a lesson:
//!
//! | parameter | meaning |
//! |---|---|
//! | `embed` | embed mode: no page chrome, the page fits the iframe, a link back to the full playground |
//! | `autoplay` | start playing at once (default: start paused) |
//! | `controls=locked` | the reader cannot change the session (play, pause and the time slider stay); `controls=full` is the default |
//! | `partition=TOPIC-N` | show only that partition (e.g. `partition=t-0`) |
//! | `lesson=ID` / `challenge=ID` | open a built-in lesson or challenge |
//! | `origin=https://host` | accept `postMessage` commands only from that origin |
//! | `speed=N` | play N times faster than real time (1 to [`SPEED_MAX`]); the browser tests use it to play lessons quickly |
//!
//! Parameters this build does not know are ignored (pages and tools add their own,
//! `utm_source`…). A value it cannot read is reported and left at its default, so a
//! mistyped option never stops the playground from opening.

use std::fmt;

use super::origin::parse_origin;
use super::query;

/// The largest `speed`.
pub const SPEED_MAX: u32 = 1000;

/// What the page opens.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Content {
    /// The playground, with the session of the link's fragment if any.
    #[default]
    Playground,
    /// A built-in lesson, by id.
    Lesson(String),
    /// A built-in challenge, by id.
    Challenge(String),
}

/// One partition that the page shows alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FocusPartition {
    pub topic: String,
    pub partition: u32,
}

impl fmt::Display for FocusPartition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.topic, self.partition)
    }
}

/// The page's options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbedOptions {
    /// Embed mode (`embed`).
    pub embed: bool,
    /// Start playing (`autoplay`) rather than paused.
    pub autoplay: bool,
    /// The reader may only play, pause and seek (`controls=locked`).
    pub locked: bool,
    /// The one partition shown (`partition=t-0`).
    pub partition: Option<FocusPartition>,
    pub content: Content,
    /// The only origin whose `postMessage` commands are obeyed (`origin=`).
    pub allowed_origin: Option<String>,
    /// Virtual milliseconds per real millisecond (`speed=`).
    pub speed: u32,
}

impl Default for EmbedOptions {
    fn default() -> Self {
        EmbedOptions {
            embed: false,
            autoplay: false,
            locked: false,
            partition: None,
            content: Content::Playground,
            allowed_origin: None,
            speed: 1,
        }
    }
}

/// A parameter whose value cannot be read; the option keeps its default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionProblem {
    pub name: String,
    pub value: String,
    /// What the parameter accepts.
    pub allowed: &'static str,
}

impl fmt::Display for OptionProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the page address has {}={:?}, which is ignored ({} takes {})",
            self.name, self.value, self.name, self.allowed
        )
    }
}

const ID_ALLOWED: &str = "an id of lowercase letters, digits and dashes";

impl EmbedOptions {
    /// Reads the query string (`location.search`, with or without `?`). Returns the
    /// options and every parameter that could not be read.
    pub fn parse(search: &str) -> (EmbedOptions, Vec<OptionProblem>) {
        let mut options = EmbedOptions::default();
        let mut problems = Vec::new();
        for (name, value) in query::pairs(search) {
            let read = match name.as_str() {
                "embed" => flag(&value).map(|on| options.embed = on),
                "autoplay" => flag(&value).map(|on| options.autoplay = on),
                "controls" => locked(&value).map(|on| options.locked = on),
                "partition" => partition(&value).map(|p| options.partition = Some(p)),
                "lesson" => id(&value).map(|id| options.content = Content::Lesson(id)),
                "challenge" => id(&value).map(|id| options.content = Content::Challenge(id)),
                "origin" => parse_origin(&value)
                    .map(|origin| options.allowed_origin = Some(origin))
                    .map_err(|_| "an origin such as https://blog.example (scheme, host and optional port, nothing after)"),
                "speed" => speed(&value).map(|speed| options.speed = speed),
                _ => Ok(()),
            };
            if let Err(allowed) = read {
                problems.push(OptionProblem {
                    name,
                    value,
                    allowed,
                });
            }
        }
        (options, problems)
    }

    /// The query string (without `?`) that [`EmbedOptions::parse`] reads back as
    /// these options; defaults are left out.
    pub fn to_query(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if self.embed {
            parts.push("embed".into());
        }
        if self.autoplay {
            parts.push("autoplay".into());
        }
        if self.locked {
            parts.push("controls=locked".into());
        }
        if let Some(p) = &self.partition {
            parts.push(format!("partition={}", query::encode(&p.to_string())));
        }
        match &self.content {
            Content::Playground => {}
            Content::Lesson(id) => parts.push(format!("lesson={id}")),
            Content::Challenge(id) => parts.push(format!("challenge={id}")),
        }
        if let Some(origin) = &self.allowed_origin {
            parts.push(format!("origin={}", query::encode(origin)));
        }
        if self.speed != 1 {
            parts.push(format!("speed={}", self.speed));
        }
        parts.join("&")
    }
}

/// `embed`, `embed=1`, `embed=true` are on; `embed=0`, `embed=false` off.
fn flag(value: &str) -> Result<bool, &'static str> {
    match value {
        "" | "1" | "true" => Ok(true),
        "0" | "false" => Ok(false),
        _ => Err("nothing, 1, true, 0 or false"),
    }
}

/// `controls=locked` locks the session; `controls=full` does not.
fn locked(value: &str) -> Result<bool, &'static str> {
    match value {
        "locked" => Ok(true),
        "full" => Ok(false),
        _ => Err("locked or full"),
    }
}

fn speed(value: &str) -> Result<u32, &'static str> {
    match value.parse::<u32>() {
        Ok(speed) if (1..=SPEED_MAX).contains(&speed) => Ok(speed),
        _ => Err("a whole number from 1 to 1000"),
    }
}

/// `TOPIC-N`: the topic is everything before the last dash (topic names may hold
/// dashes themselves), in Kafka's topic alphabet (`a-z A-Z 0-9 . _ -`).
fn partition(value: &str) -> Result<FocusPartition, &'static str> {
    const ALLOWED: &str = "a topic name, a dash and a partition number, such as t-0";
    let (topic, number) = value.rsplit_once('-').ok_or(ALLOWED)?;
    let partition = number.parse::<u32>().map_err(|_| ALLOWED)?;
    let legal = |b: u8| b.is_ascii_alphanumeric() || b"._-".contains(&b);
    if topic.is_empty() || !topic.bytes().all(legal) {
        return Err(ALLOWED);
    }
    Ok(FocusPartition {
        topic: topic.to_string(),
        partition,
    })
}

fn id(value: &str) -> Result<String, &'static str> {
    let valid = !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if valid {
        Ok(value.to_string())
    } else {
        Err(ID_ALLOWED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_query_is_the_full_playground_paused() {
        assert_eq!(EmbedOptions::parse(""), (EmbedOptions::default(), vec![]));
        assert_eq!(EmbedOptions::parse("?"), (EmbedOptions::default(), vec![]));
    }

    #[test]
    fn reads_every_option() {
        let (options, problems) = EmbedOptions::parse(
            "?embed&autoplay=1&controls=locked&partition=orders-v2-3&lesson=hw-and-leo&origin=https%3A%2F%2Fblog.example&speed=50",
        );
        assert_eq!(problems, vec![]);
        assert_eq!(
            options,
            EmbedOptions {
                embed: true,
                autoplay: true,
                locked: true,
                partition: Some(FocusPartition {
                    topic: "orders-v2".into(),
                    partition: 3
                }),
                content: Content::Lesson("hw-and-leo".into()),
                allowed_origin: Some("https://blog.example".into()),
                speed: 50,
            }
        );
        let (options, _) = EmbedOptions::parse("challenge=reorder-records&embed=false");
        assert_eq!(
            options.content,
            Content::Challenge("reorder-records".into())
        );
        assert!(!options.embed);
    }

    #[test]
    fn unreadable_values_are_reported_and_keep_their_default() {
        let (options, problems) = EmbedOptions::parse(
            "embed&controls=frozen&partition=t&lesson=../etc&origin=javascript:alert(1)&speed=0&autoplay=yes&utm_source=x",
        );
        assert_eq!(
            options,
            EmbedOptions {
                embed: true,
                ..EmbedOptions::default()
            }
        );
        let names: Vec<&str> = problems.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "controls",
                "partition",
                "lesson",
                "origin",
                "speed",
                "autoplay"
            ]
        );
        assert_eq!(
            problems[0].to_string(),
            "the page address has controls=\"frozen\", which is ignored (controls takes locked or full)"
        );
        assert_eq!(EmbedOptions::parse("speed=1001").1.len(), 1);
        assert_eq!(EmbedOptions::parse("partition=-1").1.len(), 1);
        assert_eq!(EmbedOptions::parse("partition=a\"]b-1").1.len(), 1);
    }

    #[test]
    fn the_query_reads_back_as_the_same_options() {
        let options = EmbedOptions {
            embed: true,
            autoplay: false,
            locked: true,
            partition: Some(FocusPartition {
                topic: "a.b_c-d".into(),
                partition: 12,
            }),
            content: Content::Challenge("lose-an-acks1-record".into()),
            allowed_origin: Some("http://localhost:4000".into()),
            speed: 7,
        };
        let query = options.to_query();
        assert_eq!(
            query,
            "embed&controls=locked&partition=a.b_c-d-12&challenge=lose-an-acks1-record&origin=http%3A%2F%2Flocalhost%3A4000&speed=7"
        );
        assert_eq!(EmbedOptions::parse(&query), (options, vec![]));
        assert_eq!(EmbedOptions::default().to_query(), "");
    }
}
