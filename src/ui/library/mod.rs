//! The site's lessons and challenges (`lessons/`, `challenges/` beside the page,
//! each folder listed by its `index.json`), fetched when first needed rather than
//! compiled into the page: an index, then each file it lists, parsed when it
//! arrives. The guide asks the library for what it needs ([`Library::lesson`],
//! [`Library::want_lists`]); the page fetches what was asked for
//! ([`Library::take_to_fetch`], [`fetch_text`]) and hands it back
//! ([`Library::receive`]).

mod fetch;
#[cfg(test)]
pub mod on_disk;
mod shelf;

pub use fetch::fetch_text;
pub use shelf::{Lookup, Shelf};

use crate::challenge::Challenge;
use crate::lesson::Lesson;

/// Which folder a file is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Lesson,
    Challenge,
}

/// A file of the library: a folder's index (`file: None`) or one of its files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wanted {
    pub kind: Kind,
    pub file: Option<String>,
}

/// The lessons and challenges, as far as they arrived.
pub struct Library {
    pub lessons: Shelf<Lesson>,
    pub challenges: Shelf<Challenge>,
}

impl Default for Library {
    fn default() -> Self {
        Library {
            lessons: Shelf::new("lessons", "lessons", Lesson::parse),
            challenges: Shelf::new("challenges", "challenges", Challenge::parse),
        }
    }
}

impl Library {
    /// Where the lesson `id` stands; asks for what it needs.
    pub fn lesson(&mut self, id: &str) -> Lookup<Lesson> {
        self.lessons.lookup(id)
    }

    /// Where the challenge `id` stands; asks for what it needs.
    pub fn challenge(&mut self, id: &str) -> Lookup<Challenge> {
        self.challenges.lookup(id)
    }

    /// Asks for every lesson and challenge, for the landing page's lists.
    pub fn want_lists(&mut self) {
        self.lessons.want_all();
        self.challenges.want_all();
    }

    /// What was asked for since the last call, for the page to fetch.
    pub fn take_to_fetch(&mut self) -> Vec<Wanted> {
        let lessons = self.lessons.take_to_fetch().into_iter().map(|file| Wanted {
            kind: Kind::Lesson,
            file,
        });
        let challenges = self
            .challenges
            .take_to_fetch()
            .into_iter()
            .map(|file| Wanted {
                kind: Kind::Challenge,
                file,
            });
        lessons.chain(challenges).collect()
    }

    /// The address of a file, relative to the page.
    pub fn url(&self, wanted: &Wanted) -> String {
        match wanted.kind {
            Kind::Lesson => self.lessons.url(wanted.file.as_deref()),
            Kind::Challenge => self.challenges.url(wanted.file.as_deref()),
        }
    }

    /// A file arrived (its text), or could not be fetched (why).
    pub fn receive(&mut self, wanted: &Wanted, fetched: Result<String, String>) {
        let file = wanted.file.as_deref();
        match wanted.kind {
            Kind::Lesson => self.lessons.receive(file, fetched),
            Kind::Challenge => self.challenges.receive(file, fetched),
        }
    }
}
