//! Who a speaker mention refers to: the article's people, their fullest names,
//! and the pronoun sieve of FIELD-GUIDE §B.3.
//!
//! Takes the document (with the entity stage's entities, when it has run) and
//! the speaker mentions of the attributions; returns for each mention the
//! canonical name and the entity it links to. People come from PER entities
//! and, so that speakers resolve before (or without) the entity stage, from
//! `role + name` phrases anywhere in the text and from named speakers. A
//! later `Putin` takes the fullest name containing it (`Vladimir Putin`); a
//! role alone (`kata Presiden`) the nearest person seen with that role.
//! Leaves out nicknames (`Jokowi`) unless the entity stage links them.

use std::cell::OnceCell;
use std::hash::BuildHasher;
use std::rc::Rc;

use rustc_hash::{FxBuildHasher, FxHashMap};

use crate::analysis::EntityLabel;
use crate::span::Span;

use super::grammar::{Doc, Mention, MentionKind, speaker_after};
use super::lists::Kinds;

/// A person of the article.
#[derive(Debug, Clone)]
struct Person {
    /// The name's words, as written, joined by single spaces (shared with
    /// `People::by_name`: one allocation per person).
    name: Rc<str>,
    /// How many words the name has.
    words: usize,
    /// Lowercased role phrases seen with the name: `presiden rusia`.
    roles: Vec<String>,
    /// The PER entity this person comes from, if any.
    entity: Option<usize>,
}

#[derive(Debug, Clone, Copy)]
struct Seen {
    pos: usize,
    sentence: usize,
    person: usize,
    /// The entity of this very mention, if it is one.
    entity: Option<usize>,
    /// The mention opens its clause and a verb follows: the sentence is
    /// about this person (`Direktur X Anoki Kiyoshi juga turut ambil bagian.`).
    subject: bool,
    /// The mention stands inside quoted speech: someone the speaker talks
    /// about, not whom a later `ujarnya` refers to.
    quoted: bool,
}

/// A resolved speaker: the name to print and the entity it links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub canonical: Option<String>,
    pub entity: Option<usize>,
    /// The mention's span, replaced by the entity's when one covers it better.
    pub span: Span,
}

/// A speaker resolved earlier in the article (the sieve's timeline).
#[derive(Debug, Clone)]
struct Event {
    pos: usize,
    sentence: usize,
    paragraph: usize,
    /// `None` for a role nobody could be named for (`kata seorang warga`):
    /// a later pronoun refers to that unnamed person, not to someone before.
    canonical: Option<String>,
    entity: Option<usize>,
    /// A person (not an organization): what pronouns may refer to.
    person: bool,
}

/// How many mentions [`People::nearest`] looks at one by one.
const NEAR: usize = 64;

pub struct People {
    persons: Vec<Person>,
    /// Each person by the words of the name joined by single spaces.
    by_name: FxHashMap<Rc<str>, usize>,
    /// (the [`word_key`] of a word, a person whose name has it), sorted
    /// (by [`People::add_all`], which every way of adding a person ends
    /// with): the persons with a word, in order, are one run. Keys that
    /// collide only add candidates, which [`People::fullest`] tests word by
    /// word anyway; no word is copied, and no list made per word.
    by_word: Vec<(u64, usize)>,
    /// The persons seen with a role, by each leading part of the role
    /// (`presiden` and `presiden rusia` for `presiden rusia`), in order.
    /// Made when [`People::with_role`] first asks (few texts have a role
    /// alone as a speaker), and again after a role is added.
    by_role: OnceCell<FxHashMap<String, Vec<usize>>>,
    /// Mentions of persons, by position.
    seen: Vec<Seen>,
    /// The positions of each person's mentions in `seen`, in order: person
    /// `p`'s are `seen_at[seen_from[p]..seen_from[p + 1]]` (made again
    /// whenever `seen` changes, in two flat lists rather than a list per
    /// person).
    seen_from: Vec<usize>,
    seen_at: Vec<usize>,
    events: Vec<Event>,
    /// For each sentence, the latest at or before it that opens on a new
    /// topic (`Sementara itu`), 0 if none.
    scopes: Vec<usize>,
    /// Buffers for a name, a role and its full form, reused from one
    /// mention to the next: most mentions name someone already known, and
    /// making their words anew cost more than looking them up.
    scratch: [String; 3],
}

fn words_of(text: &str) -> Vec<&str> {
    // Most are single-spaced ASCII (see `single_spaced`): split on bytes.
    if single_spaced(text.as_bytes()) {
        text.split_ascii_whitespace().collect()
    } else {
        text.split_whitespace().collect()
    }
}

/// How many words `text` has (`text.split_whitespace().count()`).
fn word_count(text: &str) -> usize {
    if single_spaced(text.as_bytes()) {
        memchr::memchr_iter(b' ', text.as_bytes()).count() + 1
    } else {
        text.split_whitespace().count()
    }
}

fn normalize(text: &str) -> String {
    let mut out = String::new();
    normalize_into(text, &mut out);
    out
}

/// [`normalize`] into `out`.
fn normalize_into(text: &str, out: &mut String) {
    out.clear();
    if single_spaced(text.as_bytes()) {
        out.push_str(text);
        return;
    }
    for (k, w) in text.split_whitespace().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
}

/// Whether `text` is ASCII words joined by single spaces, as most names
/// are: [`normalize`] leaves it as it is (no other whitespace, none at
/// either end, no two spaces in a row).
fn single_spaced(text: &[u8]) -> bool {
    // Before the first byte, as after a space: a space there is not single.
    let mut after_space = true;
    for &c in text {
        if c >= 0x80 || (0x09..=0x0d).contains(&c) || (c == b' ' && after_space) {
            return false;
        }
        after_space = c == b' ';
    }
    !after_space
}

/// The key of a name's word in `People::by_word`.
fn word_key(word: &str) -> u64 {
    FxBuildHasher.hash_one(word)
}

/// Whether `part` occurs as a contiguous run of the words of `name` (words
/// joined by single spaces).
fn contains_run(name: &str, part: &[&str]) -> bool {
    if part.is_empty() {
        return false;
    }
    // Try the run at each word of the name.
    let mut rest = Some(name);
    while let Some(at) = rest {
        let mut words = at.split(' ');
        if part.iter().all(|&p| words.next() == Some(p)) {
            return true;
        }
        rest = at.split_once(' ').map(|(_, after)| after);
    }
    false
}

impl People {
    /// Nobody yet.
    fn empty() -> People {
        People {
            persons: Vec::new(),
            by_name: FxHashMap::default(),
            by_word: Vec::new(),
            by_role: OnceCell::new(),
            seen: Vec::new(),
            seen_from: Vec::new(),
            seen_at: Vec::new(),
            events: Vec::new(),
            scopes: Vec::new(),
            scratch: Default::default(),
        }
    }

    /// The people of `doc`: PER entities and `role + name` phrases.
    /// `speech` tells, for each token, whether it is inside quoted speech.
    pub fn build(doc: &Doc, shifts: Vec<bool>, speech: &[bool]) -> People {
        // Each sentence's latest topic shift, found once: looking back per
        // pronoun made a long text without shifts quadratic.
        let mut latest = 0;
        let scopes = (0..shifts.len())
            .map(|s| {
                if shifts[s] {
                    latest = s;
                }
                latest
            })
            .collect();
        let mut people = People {
            scopes,
            ..People::empty()
        };
        for (e, entity) in doc.entities.iter().enumerate() {
            if entity.label != EntityLabel::Per {
                continue;
            }
            let mut name = std::mem::take(&mut people.scratch[0]);
            normalize_into(&entity.canonical, &mut name);
            let person = people.person_for(&name, None, Some(e));
            people.scratch[0] = name;
            let first = token_at(doc, entity.span.start);
            let end = doc
                .tokens
                .partition_point(|t| t.span.start < entity.span.end);
            people.seen.push(Seen {
                pos: entity.span.start,
                sentence: doc.sentence(first),
                person,
                entity: Some(e),
                subject: is_subject(doc, first, end),
                quoted: speech.get(first).copied().unwrap_or(false),
            });
        }
        let mut phrases = Vec::new();
        let mut i = 0;
        while i < doc.len() {
            // A capitalized role before another capitalized word: `Presiden
            // Joko Widodo`, `Kepala Dinas …` (a role alone names nobody new).
            // When the next word is not capitalized, neither this one nor
            // the next starts such a phrase: most words are passed two by
            // two.
            if !doc.is_cap(i + 1) {
                i += 2;
                continue;
            }
            if doc.is_cap(i)
                && doc.lists.may_be_title(doc.word(i))
                && doc.kinds(i).has(Kinds::TITLE)
            {
                let limit = doc.sentence_tokens(i).end;
                if let Some(phrase) = speaker_after(doc, i, limit) {
                    let subject = is_subject(doc, i, phrase.end);
                    phrases.push((phrase.mention, subject));
                    i = phrase.end.max(i + 1);
                    continue;
                }
            }
            i += 1;
        }
        people.seen.sort_by_key(|s| s.pos);
        people.add_all(doc, phrases.iter().map(|(m, _)| m));
        for (m, _) in phrases.iter().filter(|(_, subject)| *subject) {
            if let Ok(k) = people.seen.binary_search_by_key(&m.span.start, |s| s.pos) {
                people.seen[k].subject = true;
            }
        }
        people
    }

    /// The person with this name (words joined by single spaces) and this
    /// entity, added if new; with `role` (lowercased, words joined by single
    /// spaces) among its roles.
    fn person_for(&mut self, name: &str, role: Option<&str>, entity: Option<usize>) -> usize {
        let at = match self.by_name.get(name) {
            Some(&at) => at,
            None => {
                let at = self.persons.len();
                let mut words = 0;
                // The name is normalized: its only whitespace is single
                // spaces (split on bytes, cheaper than on a `char`).
                for word in name.split_ascii_whitespace() {
                    words += 1;
                    self.by_word.push((word_key(word), at));
                }
                let name: Rc<str> = name.into();
                self.persons.push(Person {
                    name: name.clone(),
                    words,
                    roles: Vec::new(),
                    entity,
                });
                self.by_name.insert(name, at);
                at
            }
        };
        let person = &mut self.persons[at];
        if person.entity.is_none() {
            person.entity = entity;
        }
        if let Some(role) = role {
            let lists = super::lists::lists();
            let mut full = std::mem::take(&mut self.scratch[2]);
            full.clear();
            // Normalized too: single spaces between words.
            for (k, w) in role.split_ascii_whitespace().enumerate() {
                if k > 0 {
                    full.push(' ');
                }
                full.push_str(lists.role_full_form(w).unwrap_or(w));
            }
            for r in [role, &full] {
                if !self.persons[at].roles.iter().any(|x| x == r) {
                    self.persons[at].roles.push(r.to_string());
                    self.by_role.take();
                }
            }
            self.scratch[2] = full;
        }
        at
    }

    /// Records named mentions (speakers, `role + name` phrases) in one pass
    /// (one insertion each made a long text quadratic): a position already
    /// seen keeps its first mention.
    pub fn add_all<'m>(&mut self, doc: &Doc, mentions: impl IntoIterator<Item = &'m Mention>) {
        let mut new: Vec<Seen> = mentions
            .into_iter()
            .filter_map(|m| self.register(doc, m))
            .collect();
        new.sort_by_key(|s| s.pos);
        new.dedup_by_key(|s| s.pos);
        new.retain(|n| self.seen.binary_search_by_key(&n.pos, |s| s.pos).is_err());
        let old = std::mem::take(&mut self.seen);
        self.seen.reserve(old.len() + new.len());
        let mut new = new.into_iter().peekable();
        for s in old {
            while let Some(n) = new.next_if(|n| n.pos < s.pos) {
                self.seen.push(n);
            }
            self.seen.push(s);
        }
        self.seen.extend(new);
        self.by_word.sort_unstable();
        self.by_word.dedup();
        self.index_seen(self.persons.len());
    }

    /// Makes `seen_from` and `seen_at` for `seen`, of persons `0..persons`:
    /// a counting sort by person, which keeps each person's mentions in order.
    fn index_seen(&mut self, persons: usize) {
        let mut from = vec![0; persons + 1];
        for s in &self.seen {
            from[s.person + 1] += 1;
        }
        for p in 0..persons {
            from[p + 1] += from[p];
        }
        let mut next = from.clone();
        let mut at = vec![0; self.seen.len()];
        for s in &self.seen {
            at[next[s.person]] = s.pos;
            next[s.person] += 1;
        }
        self.seen_from = from;
        self.seen_at = at;
    }

    /// The person of the nearest mention in `seen[..at]` (going back) or
    /// in `seen[at..]` (going on) that is one of `candidates` (sorted, or
    /// few). The nearest [`NEAR`] mentions are looked at one by one; past
    /// them, each candidate's own mentions are searched, so a person seen
    /// far away (or never) costs no walk over the whole text.
    fn nearest(&self, at: usize, back: bool, candidates: &[usize]) -> Option<usize> {
        let wanted = |p: usize| {
            if candidates.len() > 8 {
                candidates.binary_search(&p).is_ok()
            } else {
                candidates.contains(&p)
            }
        };
        let positions = |p: usize| match (self.seen_from.get(p), self.seen_from.get(p + 1)) {
            (Some(&a), Some(&b)) => &self.seen_at[a..b],
            _ => &[][..],
        };
        if back {
            let near = at.saturating_sub(NEAR);
            if let Some(s) = self.seen[near..at].iter().rev().find(|s| wanted(s.person)) {
                return Some(s.person);
            }
            let limit = self.seen.get(near).filter(|_| near > 0)?.pos;
            candidates
                .iter()
                .filter_map(|&p| {
                    let ps = positions(p);
                    let k = ps.partition_point(|&x| x < limit);
                    (k > 0).then(|| (ps[k - 1], p))
                })
                .max()
                .map(|(_, p)| p)
        } else {
            let near = (at + NEAR).min(self.seen.len());
            if let Some(s) = self.seen[at..near].iter().find(|s| wanted(s.person)) {
                return Some(s.person);
            }
            let limit = self.seen.get(near)?.pos;
            candidates
                .iter()
                .filter_map(|&p| {
                    let ps = positions(p);
                    ps.get(ps.partition_point(|&x| x < limit)).map(|&x| (x, p))
                })
                .min()
                .map(|(_, p)| p)
        }
    }

    /// The person a named mention names (added if new, with its role), and
    /// the mention as seen; `None` for other mentions.
    fn register(&mut self, doc: &Doc, mention: &Mention) -> Option<Seen> {
        if mention.kind != MentionKind::Name {
            return None;
        }
        let [mut name, mut role, full] = std::mem::take(&mut self.scratch);
        normalize_into(mention.span.of(doc.text), &mut name);
        if let Some(r) = mention.role {
            normalize_into(r.of(doc.text), &mut role);
            if role.is_ascii() {
                role.make_ascii_lowercase();
            } else {
                role = role.to_lowercase();
            }
        }
        self.scratch[2] = full;
        let person = self.person_for(&name, mention.role.map(|_| &*role), None);
        self.scratch[0] = name;
        self.scratch[1] = role;
        Some(Seen {
            pos: mention.span.start,
            sentence: doc.sentence(token_at(doc, mention.span.start)),
            person,
            entity: None,
            subject: false,
            quoted: false,
        })
    }

    /// The fullest name containing `words`: the person mentioned nearest
    /// before `pos` among the longest names, else `words` themselves.
    fn fullest(&self, words: &[&str], pos: usize) -> Option<usize> {
        let key = word_key(words.first()?);
        let at = self.by_word.partition_point(|&(k, _)| k < key);
        let candidates: Vec<usize> = self.by_word[at..]
            .iter()
            .take_while(|&&(k, _)| k == key)
            .map(|&(_, p)| p)
            .filter(|&p| contains_run(&self.persons[p].name, words))
            .collect();
        let longest = candidates.iter().map(|&p| self.persons[p].words).max()?;
        let best: Vec<usize> = candidates
            .into_iter()
            .filter(|&p| self.persons[p].words == longest)
            .collect();
        // Nearest mention before pos, else the first mention after it.
        let at = self.seen.partition_point(|s| s.pos <= pos);
        self.nearest(at, true, &best)
            .or_else(|| self.nearest(at, false, &best))
            .or(best.first().copied())
    }

    /// The person nearest to `pos` (before, else after) seen with a role that
    /// starts with the words of `role` (`presiden` matches `presiden rusia`,
    /// not `wakil presiden`).
    fn with_role(&self, role: &str, pos: usize) -> Option<usize> {
        let role = normalize(role).to_lowercase();
        let lists = super::lists::lists();
        let role = role
            .split(' ')
            .skip_while(|w| lists.is_role_opener(w))
            .filter(|w| !lists.is_role_demonstrative(w))
            .map(|w| lists.role_full_form(w).unwrap_or(w))
            .collect::<Vec<_>>()
            .join(" ");
        if role.is_empty() {
            return None;
        }
        // The persons with this role or one that goes on from it
        // (`presiden` for `presiden rusia`).
        let matching = self.by_role.get_or_init(|| self.roles_index()).get(&role)?;
        self.nearest(self.seen.partition_point(|s| s.pos < pos), true, matching)
            .or_else(|| self.nearest(self.seen.partition_point(|s| s.pos <= pos), false, matching))
    }

    /// `by_role` for the persons' roles: every leading part of a role that
    /// ends at a word, what [`People::with_role`] looks up.
    fn roles_index(&self) -> FxHashMap<String, Vec<usize>> {
        let mut by_role: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (p, person) in self.persons.iter().enumerate() {
            for r in &person.roles {
                for end in memchr::memchr_iter(b' ', r.as_bytes()).chain([r.len()]) {
                    let list = by_role.entry(r[..end].to_string()).or_default();
                    // Persons come in order: a list stays sorted, each once.
                    if list.last() != Some(&p) {
                        list.push(p);
                    }
                }
            }
        }
        by_role
    }

    fn name_of(&self, p: usize, doc: &Doc) -> (String, Option<usize>) {
        let person = &self.persons[p];
        match person.entity {
            Some(e) => (doc.entities[e].canonical.clone(), Some(e)),
            None => (person.name.to_string(), None),
        }
    }

    /// The entity (PER or ORG) overlapping `span`, if any.
    fn entity_at(doc: &Doc, span: Span) -> Option<usize> {
        let at = doc.entities.partition_point(|e| e.span.end <= span.start);
        doc.entities[at..]
            .iter()
            .take_while(|e| e.span.start < span.end)
            .position(|e| {
                matches!(e.label, EntityLabel::Per | EntityLabel::Org) && e.span.overlaps(span)
            })
            .map(|k| at + k)
    }

    /// Resolves a speaker mention at token position `tok` (the cue's), and
    /// records it on the timeline for later pronouns.
    pub fn resolve(&mut self, doc: &Doc, mention: &Mention, tok: usize) -> Resolved {
        let pos = mention.span.start;
        let sentence = doc.sentence(tok);
        let paragraph = doc.para_of[sentence] as usize;
        let mut resolved = Resolved {
            canonical: None,
            entity: None,
            span: mention.span,
        };
        match mention.kind {
            MentionKind::Name | MentionKind::Group | MentionKind::Title => {
                // An entity that reaches beyond the mention is not this
                // speaker: the tagger ran a role or an organization into the
                // name (`Komisi Pemilihan Umum Hasyim Asy'ari`).
                let inside = Self::entity_at(doc, mention.span)
                    .filter(|&e| mention.span.contains(doc.entities[e].span));
                if mention.kind == MentionKind::Name {
                    // The fullest name the article uses, by the entity's
                    // canonical name or by our own aliases, whichever is longer.
                    let words = words_of(mention.span.of(doc.text));
                    let (own, own_entity) = match self.fullest(&words, pos) {
                        Some(p) => self.name_of(p, doc),
                        None => (words.join(" "), None),
                    };
                    let tagged = inside.map(|e| doc.entities[e].canonical.as_str());
                    resolved.canonical = Some(match tagged {
                        Some(t) if word_count(t) >= word_count(&own) => t.to_string(),
                        _ => own,
                    });
                    resolved.entity = inside.or(own_entity);
                } else if let Some(e) = inside {
                    resolved.canonical = Some(doc.entities[e].canonical.clone());
                    resolved.entity = Some(e);
                } else if mention.kind == MentionKind::Title {
                    // A jabatan (`Presiden`, `Kapolri`) names one person; a
                    // lowercase role (`polisi`, `seorang warga`) does not.
                    let jabatan = mention.span.of(doc.text).starts_with(char::is_uppercase);
                    if let Some(p) = self
                        .with_role(mention.span.of(doc.text), pos)
                        .filter(|_| jabatan)
                    {
                        let (name, entity) = self.name_of(p, doc);
                        resolved.canonical = Some(name);
                        resolved.entity = entity;
                    }
                } else {
                    resolved.canonical = Some(normalize(mention.span.of(doc.text)));
                }
            }
            MentionKind::Pronoun | MentionKind::Clitic => {
                if let Some((name, entity)) = self.sieve(doc, pos, sentence, paragraph) {
                    resolved.canonical = Some(name);
                    resolved.entity = entity;
                }
            }
            MentionKind::Description => {
                let role = mention.span.of(doc.text);
                let found = self
                    .with_role(role, pos)
                    .map(|p| self.name_of(p, doc))
                    .or_else(|| self.sieve(doc, pos, sentence, paragraph));
                if let Some((name, entity)) = found {
                    resolved.canonical = Some(name);
                    resolved.entity = entity;
                }
            }
            MentionKind::Plural => {}
        }
        let names_someone = resolved.canonical.is_some()
            || matches!(mention.kind, MentionKind::Title | MentionKind::Description);
        if names_someone {
            let org = mention.kind == MentionKind::Group
                || resolved
                    .entity
                    .is_some_and(|e| doc.entities[e].label != EntityLabel::Per);
            self.events.push(Event {
                pos,
                sentence,
                paragraph,
                canonical: resolved.canonical.clone(),
                entity: resolved.entity,
                person: !org,
            });
        }
        resolved
    }

    /// The first sentence a pronoun in `sentence` may look back to: the
    /// latest topic shift at or before it.
    fn scope_start(&self, sentence: usize) -> usize {
        self.scopes
            .get(sentence)
            .or(self.scopes.last())
            .copied()
            .unwrap_or(0)
    }

    /// FIELD-GUIDE §B.3: (1) the nearest earlier speaker in the paragraph;
    /// (2) the nearest person in this or the two sentences before, within the
    /// paragraph; (3) the nearest earlier speaker; (4) the nearest person in
    /// the two sentences before. Nothing before a topic shift counts, nor a
    /// person named inside quoted speech.
    fn sieve(
        &self,
        doc: &Doc,
        pos: usize,
        sentence: usize,
        paragraph: usize,
    ) -> Option<(String, Option<usize>)> {
        let floor = self.scope_start(sentence);
        let earlier = || {
            self.events
                .iter()
                .rev()
                .filter(move |e| e.pos < pos && e.sentence >= floor && e.person)
        };
        let found = |e: &Event| e.canonical.clone().map(|c| (c, e.entity));
        // A person who is the subject of the sentence before (or of this one,
        // earlier), mentioned after the last speaker, is who `ia` means.
        let last_event = earlier().next().map(|e| e.pos);
        // `seen` is in text order: going back from `pos`, once a mention is
        // too many sentences back, so are all before it.
        let before = &self.seen[..self.seen.partition_point(|s| s.pos < pos)];
        let subject = before
            .iter()
            .rev()
            .take_while(|s| s.sentence + 1 >= sentence)
            .find(|s| {
                s.subject
                    && !s.quoted
                    && self.persons[s.person].words >= 2
                    && s.sentence >= floor
                    && doc.para_of[s.sentence] as usize == paragraph
            });
        if let Some(s) = subject
            && last_event.is_none_or(|e| e < s.pos)
        {
            let (name, entity) = self.name_of(s.person, doc);
            return Some((name, s.entity.or(entity)));
        }
        if let Some(e) = earlier().find(|e| e.paragraph == paragraph) {
            return found(e);
        }
        let near = |same_paragraph: bool| {
            before
                .iter()
                .rev()
                .take_while(|s| s.sentence + 2 >= sentence)
                .filter(|s| !s.quoted && s.sentence >= floor)
                .find(|s| !same_paragraph || doc.para_of[s.sentence] as usize == paragraph)
                .map(|s| {
                    let (name, entity) = self.name_of(s.person, doc);
                    (name, s.entity.or(entity))
                })
        };
        if let Some(found) = near(true) {
            return Some(found);
        }
        if let Some(e) = earlier().next() {
            return found(e);
        }
        near(false)
    }
}

/// Whether the phrase of tokens `first..end` opens its clause (sentence
/// start, after a comma or a connector) and a verb-like lowercase word follows.
fn is_subject(doc: &Doc, first: usize, end: usize) -> bool {
    let start = doc.sentence_tokens(first).start;
    let opens = first == start
        || doc.is(first - 1, ",")
        || doc.kinds(first - 1).has(Kinds::CONNECTOR | Kinds::SHIFT);
    opens
        && doc.is_lower(end)
        && !doc
            .kinds(end)
            .has(Kinds::TAIL | Kinds::PARTICLE | Kinds::COMPLEMENT)
}

/// Index of the token starting at or covering byte `pos`.
fn token_at(doc: &Doc, pos: usize) -> usize {
    doc.tokens
        .partition_point(|t| t.span.end <= pos)
        .min(doc.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_finds_what_walking_the_mentions_finds() {
        // 600 mentions of 24 people (some never seen), far more than `NEAR`,
        // so both the walk and the per-person search are used.
        let mut random = crate::xorshift(0x51_7cc1_b727_220a);
        let seen: Vec<Seen> = (0..600)
            .map(|k| Seen {
                pos: k * 3 + 1,
                sentence: k / 4,
                person: (random() % 20) as usize,
                entity: None,
                subject: false,
                quoted: false,
            })
            .collect();
        let mut people = People::empty();
        people.seen = seen;
        people.index_seen(24);
        for _ in 0..2000 {
            let size = 1 + random() % 4;
            let mut candidates: Vec<usize> = (0..size).map(|_| (random() % 24) as usize).collect();
            candidates.sort_unstable();
            candidates.dedup();
            let at = (random() % 601) as usize;
            let back = people.seen[..at]
                .iter()
                .rev()
                .find(|s| candidates.contains(&s.person))
                .map(|s| s.person);
            let on = people.seen[at..]
                .iter()
                .find(|s| candidates.contains(&s.person))
                .map(|s| s.person);
            assert_eq!(
                people.nearest(at, true, &candidates),
                back,
                "back from {at}: {candidates:?}"
            );
            assert_eq!(
                people.nearest(at, false, &candidates),
                on,
                "on from {at}: {candidates:?}"
            );
        }
    }
    #[test]
    fn normalize_leaves_single_spaced_words_and_joins_others() {
        for text in [
            "",
            " ",
            "Joko Widodo",
            "Joko  Widodo",
            " Joko Widodo",
            "Joko Widodo ",
            "Joko\nWidodo",
            "Joko\u{a0}Widodo",
            "Ma’ruf Amin",
            "x",
            "a b c",
            "a\x0bb",
        ] {
            let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(words_of(text).join(" "), joined, "{text:?}");
            assert_eq!(
                word_count(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
            assert_eq!(normalize(text), joined, "{text:?}");
            assert_eq!(
                single_spaced(text.as_bytes()),
                text == joined && !text.is_empty() && text.is_ascii(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn contains_run_is_a_run_of_whole_words() {
        let names = [
            "",
            "Putin",
            "Vladimir Putin",
            "Joko Widodo Joko",
            "A B A B C",
        ];
        let parts: [&[&str]; 8] = [
            &[],
            &["Putin"],
            &["Vladimir", "Putin"],
            &["Vlad"],
            &["Joko"],
            &["Widodo", "Joko"],
            &["A", "B", "C"],
            &["B", "A", "B", "C", "D"],
        ];
        for name in names {
            let words: Vec<&str> = name.split(' ').filter(|w| !w.is_empty()).collect();
            for part in parts {
                let simple = !part.is_empty() && words.windows(part.len()).any(|w| w == part);
                assert_eq!(contains_run(name, part), simple, "{name:?} {part:?}");
            }
        }
    }

    use crate::analysis::Entity;
    use crate::tokenize::tokenize;

    fn entity(text: &str, needle: &str, canonical: &str) -> Entity {
        let start = text.find(needle).unwrap();
        Entity {
            span: Span::new(start, start + needle.len()),
            label: EntityLabel::Per,
            canonical: canonical.into(),
        }
    }

    /// Canonical name of the mention `needle` (searched from the end).
    fn resolve(text: &str, entities: &[Entity], needle: &str, kind: MentionKind) -> Resolved {
        let (sentences, tokens) = tokenize(text);
        let doc = Doc::new(text, &tokens, &sentences, entities, &[]);
        let speech = vec![false; doc.len()];
        let mut people = People::build(&doc, doc.topic_shifts(), &speech);
        let start = text.rfind(needle).unwrap();
        let mention = Mention {
            kind,
            span: Span::new(start, start + needle.len()),
            role: None,
        };
        // Earlier named speakers go on the timeline first.
        let tok = token_at(&doc, start);
        people.resolve(&doc, &mention, tok)
    }

    #[test]
    fn names_take_the_fullest_form() {
        let text = "Presiden Rusia Vladimir Putin tiba. Putin tersenyum.";
        let r = resolve(text, &[], "Putin", MentionKind::Name);
        assert_eq!(r.canonical.as_deref(), Some("Vladimir Putin"));
        assert_eq!(r.entity, None);
    }

    #[test]
    fn roles_resolve_to_the_person_seen_with_them() {
        let text =
            "Wakil Presiden Ma’ruf Amin dan Presiden Joko Widodo hadir. Lalu Presiden pergi.";
        let r = resolve(text, &[], "Presiden", MentionKind::Title);
        assert_eq!(r.canonical.as_deref(), Some("Joko Widodo"));
    }

    #[test]
    fn entities_link_names_and_pronouns() {
        let text = "Presiden Joko Widodo tiba. Jokowi tersenyum. Dia pergi.";
        let entities = [
            entity(text, "Joko Widodo", "Joko Widodo"),
            entity(text, "Jokowi", "Joko Widodo"),
        ];
        // A name inside an entity takes the entity's span and canonical.
        let r = resolve(text, &entities, "Jokowi", MentionKind::Name);
        assert_eq!(r.entity, Some(1));
        assert_eq!(r.canonical.as_deref(), Some("Joko Widodo"));
        // A pronoun resolves to the nearest person before it, with its entity.
        let r = resolve(text, &entities, "Dia", MentionKind::Pronoun);
        assert_eq!(r.canonical.as_deref(), Some("Joko Widodo"));
        assert_eq!(r.entity, Some(1));
    }

    #[test]
    fn pronouns_stop_at_topic_shifts() {
        let text = "Presiden Joko Widodo tiba. Sementara itu, harga naik. Dia pergi.";
        let r = resolve(text, &[], "Dia", MentionKind::Pronoun);
        assert_eq!(r.canonical, None);
    }
}
