//! How the generated items are split into modules, one per tag (`Config::module_layout`), so a
//! crate can put each behind a cargo feature and its user compiles only the tags they call.
//! Lowering decides all of it (`lower::layout`); emitters only place items where it says.

use std::collections::BTreeSet;

/// The split: what stays at the root, always compiled, one group per tag, and the items
/// several groups share, by the set of groups sharing them.
///
/// Each type and error enum goes by the set of groups reaching it: one group's are its own,
/// every group's are common, and those of another set are in that set's shared module,
/// compiled when any of the set's features is on. What an item names is reached by every group
/// reaching the item, so it is compiled whenever the item is.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Types and error enums every group reaches (none when there is one group). The client,
    /// its builder and the credential setters are always at the root too.
    pub common: Members,
    /// One group per first tag of an operation, in the order the operations first name them;
    /// then the operations without tags, if any; then the types no operation reaches, if any.
    pub groups: Vec<Group>,
    /// The items of each set of two groups or more (but not all), in the order of the sets.
    pub shared: Vec<Shared>,
}

/// The named items of one part of the layout, by Rust name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Members {
    /// Named types (keys of `Api::types`).
    pub types: BTreeSet<String>,
    /// Error enums (names in `Api::error_types`).
    pub error_types: BTreeSet<String>,
}

/// The operations sharing a first tag, and the items only they reach.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// What the group gathers.
    pub of: GroupOf,
    /// The module's Rust name (snake case, unique, clear of every name the root module holds).
    pub module: String,
    /// The cargo feature compiling the module in a generated crate: the module's name in kebab
    /// case, clear of the crate's other features (`full`, `default`, the TLS choices).
    pub feature: String,
    /// Indices into `Api::operations`, in order (none for [`GroupOf::Unreferenced`]).
    pub operations: Vec<usize>,
    /// The types and error enums reached from these operations alone (or, for
    /// [`GroupOf::Unreferenced`], from the types no operation reaches alone).
    pub members: Members,
    /// What the module's items name outside it.
    pub outside: NamesOutside,
}

/// The items several groups (but not all) share, in a module compiled with any of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Shared {
    /// The module's Rust name (`shared`, numbered; clear of the groups' names).
    pub module: String,
    /// Indices into `Layout::groups`, ascending.
    pub groups: Vec<usize>,
    /// The types and error enums these groups reach, and no other.
    pub members: Members,
    /// What the module's items name outside it.
    pub outside: NamesOutside,
}

/// Whether a module's items name types of other modules (or the root), so that it needs the
/// root's names in scope even where it has no `impl Client` (which always does).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NamesOutside {
    /// A field or variant of one of its types does.
    pub types: bool,
    /// A response of one of its error enums does (they are emitted with the client only).
    pub error_types: bool,
}

/// What a group gathers.
#[derive(Debug, Clone, PartialEq)]
pub enum GroupOf {
    /// The operations whose first tag this is, as the spec writes it.
    Tag(String),
    /// The operations without tags.
    Untagged,
    /// No operation: the types no operation reaches (component schemas defined for their own
    /// sake, or for other documents), which are generated whole without `Config::tags`. Kept
    /// apart so the common part holds only what tags share.
    Unreferenced,
}
