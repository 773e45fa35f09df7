//! Rust identifiers from names found in specs: heck for case conversion, plus the sanitising
//! that makes any input a valid, non-keyword identifier. Every generated name goes through here.

use std::collections::{BTreeSet, HashMap};

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that cannot be used as plain identifiers (strict and reserved, 2021 edition).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that are not allowed even as raw identifiers (`r#self` is an error).
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// Every name the generated module defines or writes for itself, by the scope it lives in.
/// Lowering reserves a scope's names before it claims any spec name there, so a spec name that
/// collides is the one that gets numbered; emitters write only these and names from the IR.
pub mod generated {
    /// Type names: the client's types, and the prelude names emitters write unqualified
    /// (`String`, `Vec`, `Option`, `Box`, `Result`). A spec name converting to one of them gets
    /// a `Value` suffix (`Client` -> `ClientValue`), and the names are reserved besides, for
    /// names built from parts (`{operation}Error`).
    pub const TYPES: &[&str] = &[
        "Self",
        "Client",
        "ClientBuilder",
        "Error",
        "ValidationError",
        "Result",
        "Option",
        "String",
        "Vec",
        "Box",
    ];

    /// Methods of `Client` besides one per operation.
    pub const CLIENT_METHODS: &[&str] = &["builder", "base_url", "with_retry"];

    /// Methods of `ClientBuilder` besides the credential setters (and the derived `default`).
    pub const BUILDER_METHODS: &[&str] = &[
        "base_url",
        "timeout",
        "no_timeout",
        "connect_timeout",
        "max_response_bytes",
        "redirect",
        "retry",
        "user_agent",
        "http_client",
        "build",
        "new",
        "default",
    ];

    /// Locals and arguments every operation method may declare besides its parameters: the
    /// body argument, the expanded path, the request under construction, the validation
    /// report, and the bindings of optional and list values.
    pub const METHOD_LOCALS: &[&str] = &[
        "body",
        "path",
        "request",
        "report",
        "value",
        "item",
        "parameter_value",
    ];

    /// The bindings of a check on each item of a list or map (`for (index, item) in ..`, the
    /// item's path `at`). Each lives in the loop's own block and refers only to the list it
    /// walks, evaluated before they bind, so they shadow parameters harmlessly and parameters
    /// need not be kept from them. (Only the names test reads this list: lowering reserves
    /// nothing for them.)
    #[cfg(test)]
    pub const CHECK_LOCALS: &[&str] = &["at", "index", "key", "item"];

    /// Methods of a request struct besides its setters: the constructor.
    pub const STRUCT_METHODS: &[&str] = &["new"];

    /// The private module holding the functions that return spec defaults.
    pub const DEFAULTS_MODULE: &str = "defaults";

    /// Names the module of a tag (`Config::module_layout`) cannot take: the root's own module,
    /// the crates and modules the generated code names or imports, and, since in a generated
    /// crate each such module is also a cargo feature (in kebab case), the crate's other
    /// features: `full`, `default` and the runtime's (TLS choices, `http2`), which a test of the
    /// `oagen` binary keeps this list in step with.
    pub const MODULES: &[&str] = &[
        DEFAULTS_MODULE,
        "oagen_runtime",
        "std",
        "core",
        "alloc",
        "serde",
        "serde_json",
        "reqwest",
        "fmt",
        "full",
        "default",
        "native_tls",
        "native_tls_vendored",
        "rustls",
        "rustls_no_provider",
        "http2",
    ];

    /// The module of the operations without tags, when there are any.
    pub const UNTAGGED_MODULE: &str = "untagged";

    /// The module of the types no operation reaches, when there are any.
    pub const UNREFERENCED_MODULE: &str = "unreferenced";

    /// The modules of the items several groups share, numbered from the second on.
    pub const SHARED_MODULE: &str = "shared";

    /// The prefix of the method that sends a nullable field as `null`.
    pub const CLEAR_PREFIX: &str = "clear_";
}

/// snake_case for fields, parameters and methods: `_updatedAt` -> `updated_at`, `type` -> `r#type`.
pub fn snake_ident(raw: &str) -> String {
    let snake = words_only(raw).to_snake_case();
    sanitise(snake, "field")
}

/// UpperCamelCase for types and variants: `leave_office` -> `LeaveOffice`.
pub fn camel_ident(raw: &str) -> String {
    let camel = words_only(raw).to_upper_camel_case();
    let camel = if generated::TYPES.contains(&camel.as_str()) {
        format!("{camel}Value")
    } else {
        camel
    };
    sanitise(camel, "Value")
}

/// Replaces everything that is not a letter or digit with a word break, so heck sees words.
fn words_only(raw: &str) -> String {
    raw.chars()
        // ASCII only: other scripts' letters and digits (`١٢٣`, `가`) are not all valid in
        // identifiers, and mixed-script names trip rustc's lints.
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// Makes a converted name a valid identifier: empty names get `empty`, a leading digit gets a
/// prefix, keywords become raw identifiers (or get a `_` suffix where raw is not allowed).
fn sanitise(name: String, empty: &str) -> String {
    let name: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if name.is_empty() {
        return empty.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        // `_1st` would read as "unused"; a letter prefix keeps the name ordinary.
        let prefix = if name.starts_with(|c: char| c.is_uppercase()) || empty == "Value" {
            "N"
        } else {
            "n"
        };
        return format!("{prefix}{name}");
    }
    if NOT_RAW.contains(&name.as_str()) {
        return format!("{name}_");
    }
    if KEYWORDS.contains(&name.as_str()) {
        return format!("r#{name}");
    }
    name
}

/// Hands out names unique within one scope (a struct's fields, an enum's variants, a module's
/// types): the first taker gets the name, later ones get `_2`, `_3`, ... (or `2`, `3` in camel case).
#[derive(Debug, Default)]
pub struct UniqueNames {
    taken: BTreeSet<String>,
    /// Per numbered stem (`id_`, `Busy`): the number to try first next time. Every number below
    /// it was found taken, and names are never given back, so they are still taken: a scope
    /// where thousands of names collide hands each one out without counting up from 2 again.
    next_number: HashMap<String, u64>,
    /// Candidate names tried so far, for tests that check the work stays linear.
    #[cfg(test)]
    tries: u64,
}

impl UniqueNames {
    /// An empty scope.
    pub fn new() -> Self {
        Self::default()
    }

    /// A scope where `reserved` (one of the [`generated`] lists) is taken already.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        let mut names = Self::new();
        for name in reserved {
            names.reserve(name);
        }
        names
    }

    /// Marks a name as taken without handing it out (e.g. a name the emitter reserves).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    /// True when `name` is already taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// The first of `candidates` that is free, claimed; when all are taken, a numbered variant
    /// of the first. For catch-all variants: `Other`, else `UnknownValue`, ... before `Other2`.
    pub fn claim_first_free(&mut self, candidates: &[&str]) -> String {
        match candidates
            .iter()
            .find(|candidate| !self.contains(candidate))
        {
            Some(free) => self.claim(free),
            None => self.claim(candidates.first().copied().unwrap_or("Other")),
        }
    }

    /// Returns `name` if free, otherwise the first free numbered variant of it.
    pub fn claim(&mut self, name: &str) -> String {
        if self.taken.insert(name.to_owned()) {
            return name.to_owned();
        }
        let (stem, separator) = match name.strip_prefix("r#") {
            Some(stem) => (stem, "_"),
            // `self_` (a keyword that cannot be raw) numbers as `self_2`, not `self__2`, which
            // rustc's snake-case lint refuses.
            None if name.contains('_') || name.starts_with(char::is_lowercase) => {
                (name.trim_end_matches('_'), "_")
            }
            None => (name, ""),
        };
        let base = format!("{stem}{separator}");
        let mut number = self.next_number.get(&base).copied().unwrap_or(2);
        loop {
            #[cfg(test)]
            {
                self.tries += 1;
            }
            let candidate = format!("{base}{number}");
            number += 1;
            if self.taken.insert(candidate.clone()) {
                self.next_number.insert(base, number);
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_from_spec_names() {
        assert_eq!(snake_ident("_id"), "id");
        assert_eq!(snake_ident("_updatedAt"), "updated_at");
        assert_eq!(snake_ident("userProfileStatusId"), "user_profile_status_id");
        assert_eq!(snake_ident("i18nNames"), "i18n_names");
        assert_eq!(snake_ident("type"), "r#type");
        assert_eq!(snake_ident("self"), "self_");
        assert_eq!(snake_ident("2fa-code"), "n2fa_code");
        assert_eq!(snake_ident("content-type"), "content_type");
        assert_eq!(snake_ident("a.b"), "a_b");
        assert_eq!(snake_ident("--"), "field");
        assert_eq!(snake_ident("상태"), "field");
        assert_eq!(camel_ident("١٢٣2"), "N2");
    }

    #[test]
    fn camel_case_from_spec_names() {
        assert_eq!(camel_ident("LEAVE_OFFICE"), "LeaveOffice");
        assert_eq!(camel_ident("CUSTOM01"), "Custom01");
        assert_eq!(camel_ident("ko_KR"), "KoKr");
        assert_eq!(camel_ident("1080p"), "N1080p");
        assert_eq!(camel_ident("Self"), "SelfValue");
        assert_eq!(camel_ident("client"), "ClientValue");
        assert_eq!(camel_ident("client_builder"), "ClientBuilderValue");
        assert_eq!(camel_ident("api.v1.User"), "ApiV1User");
        assert_eq!(camel_ident(""), "Value");
    }

    /// 20,000 claims of one name (the shape of a spec whose schema names all collide after case
    /// conversion) try each numbered candidate once, not 2 + 3 + ... + 20,000 of them (about
    /// 200 million, minutes of work before the per-stem counter).
    #[test]
    fn many_collisions_try_each_number_once() {
        let mut names = UniqueNames::new();
        let claims = 20_000u64;
        for _ in 0..claims {
            names.claim("Thing");
        }
        assert!(names.contains("Thing20000") && !names.contains("Thing20001"));
        assert!(names.tries < 2 * claims, "{} tries", names.tries);
        // A name taken out of turn is stepped over once, and numbering carries on after it.
        let mut names = UniqueNames::new();
        names.reserve("Busy3");
        let got: Vec<String> = (0..4).map(|_| names.claim("Busy")).collect();
        assert_eq!(got, ["Busy", "Busy2", "Busy4", "Busy5"]);
        assert_eq!(names.claim("Busy3"), "Busy32");
        assert_eq!(names.tries, 5);
    }

    #[test]
    fn collisions_get_numbered() {
        let mut names = UniqueNames::new();
        assert_eq!(names.claim("id"), "id");
        assert_eq!(names.claim("id"), "id_2");
        assert_eq!(names.claim("id"), "id_3");
        assert_eq!(names.claim("Busy"), "Busy");
        assert_eq!(names.claim("Busy"), "Busy2");
        assert_eq!(names.claim("r#type"), "r#type");
        assert_eq!(names.claim("r#type"), "type_2");
        assert_eq!(names.claim("self_"), "self_");
        assert_eq!(names.claim("self_"), "self_2");
    }
}
