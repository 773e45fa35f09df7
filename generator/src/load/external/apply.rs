//! The second half of importing: each target's name in the spec's components, and the
//! spec's references rewritten to point there (or the target written in place).

use serde_json::Value;

use super::*;

impl Importer<'_> {
    /// Chooses each target's component name: first the spec's own components that are only a
    /// reference to it, then the rest, each after what it refers to, so a target the same as
    /// the spec's component of its name can be seen to be (and that component used).
    pub(super) fn name(&mut self, document: &Value, order: &[usize]) {
        let mut names = Names::default();
        for index in 0..self.roots.len() {
            let reference = &self.roots[index];
            let Some((section, name)) = component_place(&reference.place) else {
                continue;
            };
            let key = (File::Main, reference.written.clone());
            let Some(&Link::Target(target)) = self.links.get(&key) else {
                continue;
            };
            let target = &mut self.targets[target];
            if target.name.is_none() && target.section == Some(section) {
                target.name = Some(name.to_owned());
                names.claimed.insert((section, name.to_owned()));
            }
        }
        for &target in order {
            let Some(section) = self.targets[target].section else {
                continue;
            };
            if self.targets[target].name.is_some() {
                continue;
            }
            let natural = self.natural_name(target);
            let same = component(document, section, &natural).is_some_and(|existing| {
                self.render(target)
                    .is_ok_and(|rendered| rendered == *existing)
            });
            let name = if same {
                natural
            } else {
                names.free(document, section, &natural)
            };
            self.targets[target].reused = same;
            self.targets[target].name = Some(name);
        }
    }

    /// The name a target asks for: its component name, or its file stem and place.
    fn natural_name(&self, target: usize) -> String {
        let target = &self.targets[target];
        if let Some((_, name)) = component_place(&target.segments) {
            return name.to_owned();
        }
        let stem = self.documents[target.file]
            .canonical
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        let words: Vec<String> = std::iter::once(stem.as_str())
            .chain(target.segments.iter().map(String::as_str))
            .map(name_characters)
            .filter(|word| !word.is_empty())
            .collect();
        if words.is_empty() {
            "Imported".to_owned()
        } else {
            words.join("_")
        }
    }

    /// A target's value with the references inside it pointing into the spec; `Err` names a
    /// target it refers to that has no name yet.
    fn render(&self, target: usize) -> Result<Value, usize> {
        let info = &self.targets[target];
        let document = &self.documents[info.file];
        let mut value = document
            .value
            .pointer(&pointer_of(&info.segments))
            .cloned()
            .unwrap_or(Value::Null);
        for reference in &info.references {
            let key = (File::Other(info.file), reference.written.clone());
            let local = match self.links.get(&key) {
                Some(Link::Main(local)) => local.clone(),
                Some(Link::Target(other)) => self.component(*other).ok_or(*other)?,
                None => return Err(target),
            };
            let inner = pointer_of(&reference.place[info.segments.len()..]);
            if let Some(Value::Object(map)) = value.pointer_mut(&inner) {
                map.insert("$ref".to_owned(), Value::from(local));
            }
        }
        Ok(value)
    }

    /// `#/components/<section>/<name>` of a named target.
    fn component(&self, target: usize) -> Option<String> {
        let target = &self.targets[target];
        let name = target.name.as_ref()?;
        Some(format!(
            "#/components/{}/{}",
            target.section?,
            escape_pointer_segment(name)
        ))
    }

    /// Points the spec's references at what they reach, writes path items in place, and adds
    /// each target not already in the spec as a component.
    pub(super) fn apply(&self, document: &mut Value, order: &[usize]) -> Result<(), Error> {
        // Deepest first: a reference inside a path item written over is rewritten before it.
        let mut roots: Vec<&Reference> = self.roots.iter().collect();
        roots.sort_by_key(|reference| std::cmp::Reverse(reference.place.len()));
        for reference in roots {
            self.rewrite(document, reference)?;
        }
        for &target in order {
            let info = &self.targets[target];
            let (Some(section), Some(name), false) = (info.section, &info.name, info.reused) else {
                continue;
            };
            let value = self.rendered(target, &self.roots[info.root])?;
            insert_component(document, section, name.clone(), value);
        }
        Ok(())
    }

    /// Points one of the spec's references at the component it reaches, or writes the path
    /// item it reaches in its place; the component a target takes the place of is left to be
    /// written over.
    fn rewrite(&self, document: &mut Value, reference: &Reference) -> Result<(), Error> {
        let replacement = match self.links.get(&(File::Main, reference.written.clone())) {
            Some(Link::Main(local)) => Replacement::Reference(local.clone()),
            Some(&Link::Target(target)) if is_path_item(&reference.place) => {
                Replacement::Value(self.rendered(target, reference)?)
            }
            Some(&Link::Target(target)) if self.is_home(target, reference) => return Ok(()),
            Some(&Link::Target(target)) => Replacement::Reference(
                self.component(target)
                    .ok_or_else(|| self.unnamed(reference))?,
            ),
            None => return Err(self.unnamed(reference)),
        };
        let place = document
            .pointer_mut(&pointer_of(&reference.place))
            .ok_or_else(|| self.unnamed(reference))?;
        match (replacement, place) {
            (Replacement::Reference(local), Value::Object(map)) => {
                map.insert("$ref".to_owned(), Value::from(local));
            }
            (Replacement::Value(value), place) => *place = value,
            (Replacement::Reference(_), _) => return Err(self.unnamed(reference)),
        }
        Ok(())
    }

    /// Whether `reference` is the spec's component that the target takes the place of.
    fn is_home(&self, target: usize, reference: &Reference) -> bool {
        let info = &self.targets[target];
        component_place(&reference.place).is_some_and(|(section, name)| {
            info.section == Some(section) && info.name.as_deref() == Some(name)
        })
    }

    fn rendered(&self, target: usize, reference: &Reference) -> Result<Value, Error> {
        self.render(target).map_err(|_| self.unnamed(reference))
    }

    /// An error for a reference whose target was not placed (not expected once named).
    fn unnamed(&self, reference: &Reference) -> Error {
        main_error(
            self.spec,
            reference,
            "could not be given a place in the spec's components",
        )
    }
}

/// What a reference of the spec becomes.
enum Replacement {
    Reference(String),
    Value(Value),
}

/// The spec's component `#/components/<section>/<name>`, if it has one.
fn component<'v>(document: &'v Value, section: &str, name: &str) -> Option<&'v Value> {
    document.get("components")?.get(section)?.get(name)
}

/// The component names given to targets so far, and for each name asked for the next number
/// to try after it (so many targets asking for one name cost no more than one each).
#[derive(Default)]
struct Names {
    claimed: BTreeSet<(&'static str, String)>,
    next: HashMap<(&'static str, String), usize>,
}

impl Names {
    /// A name in `section` not yet used: `natural`, else `natural2`, `natural3`, ...
    fn free(&mut self, document: &Value, section: &'static str, natural: &str) -> String {
        let counter = self.next.entry((section, natural.to_owned())).or_insert(1);
        loop {
            let name = match *counter {
                1 => natural.to_owned(),
                counter => format!("{natural}{counter}"),
            };
            *counter += 1;
            let taken = self.claimed.contains(&(section, name.clone()))
                || component(document, section, &name).is_some();
            if !taken {
                self.claimed.insert((section, name.clone()));
                return name;
            }
        }
    }
}

/// Adds `value` as `#/components/<section>/<name>` (over what is there), creating what is
/// missing on the way; a `components` that is not an object is left for the typed parse to
/// refuse.
fn insert_component(document: &mut Value, section: &str, name: String, value: Value) {
    let Value::Object(root) = document else {
        return;
    };
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(serde_json::Map::new()));
    let Value::Object(components) = components else {
        return;
    };
    let members = components
        .entry(section)
        .or_insert_with(|| Value::Object(serde_json::Map::new()));
    if let Value::Object(members) = members {
        members.insert(name, value);
    }
}
