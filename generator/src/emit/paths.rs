//! Shortens the absolute paths emitters write (`::std::fmt::Display`,
//! `::oagen_runtime::Nullable`) to the names a person would write (`fmt::Display`, `Nullable`).
//!
//! Emitters write absolute paths (except the prelude's `String`, `Vec`, `Option`, `Box`,
//! `Result` and their variants, which lowering never lets a generated type take), so each can be
//! written without knowing what else the file holds. This one pass then knows every item the file defines and shortens a path only
//! where no generated item could shadow the short name: a schema called `String` keeps
//! `::std::string::String` everywhere. Names that the std prelude does not provide are imported
//! once at the top of the file (`use ::oagen_runtime::{serde, Nullable};`), and only where the
//! file uses them at the top level, so no import is ever unused. A tag's module (`scopes`, see
//! `modules`) is a top level of its own: it imports what its items use, so that the file's
//! imports serve the root's items alone and none goes unused when a feature leaves the module
//! out.

use std::collections::BTreeSet;

use proc_macro2::{Punct, Spacing, Span, TokenStream, TokenTree};
use quote::{quote, ToTokens};
use syn::visit_mut::{self, VisitMut};
use syn::{Ident, Item, Path, PathSegment};

/// `::std::<module>::<name>` paths whose last segment the std prelude already names.
const STD_PRELUDE: &[(&str, &str)] = &[
    ("boxed", "Box"),
    ("clone", "Clone"),
    ("cmp", "Eq"),
    ("cmp", "Ord"),
    ("cmp", "PartialEq"),
    ("cmp", "PartialOrd"),
    ("convert", "From"),
    ("convert", "Into"),
    ("default", "Default"),
    ("option", "Option"),
    ("result", "Result"),
    ("string", "String"),
    ("string", "ToString"),
    ("vec", "Vec"),
];

/// Derive macros the prelude names (macros live in their own namespace, so a generated type
/// named `Debug` does not shadow `#[derive(Debug)]`).
const PRELUDE_DERIVES: &[(&str, &str)] = &[("fmt", "Debug"), ("hash", "Hash")];

/// Variants the prelude names, reached as `::std::option::Option::Some` and the like.
const PRELUDE_VARIANTS: &[&str] = &["Some", "None", "Ok", "Err"];

/// Std macros the prelude names.
const PRELUDE_MACROS: &[&str] = &["format", "matches", "vec"];

/// Std items imported by name: (module under `std`, the name brought in; the module's own
/// name imports the module).
const STD_IMPORTS: &[(&str, &str)] = &[
    ("collections", "BTreeMap"),
    ("fmt", "fmt"),
    ("sync", "Arc"),
    ("time", "Duration"),
];

/// Rewrites the file in place and adds the imports its shortened paths need, at the top of the
/// file and of each top-level module named in `scopes`.
pub fn shorten(file: &mut syn::File, scopes: &BTreeSet<String>) {
    let mut defined = BTreeSet::new();
    collect_names(&file.items, &mut defined);
    let mut bindings = Bindings(&mut defined);
    syn::visit::Visit::visit_file(&mut bindings, file);
    let mut shortener = Shortener {
        defined,
        imports: BTreeSet::new(),
        depth: 0,
        scopes,
    };
    shortener.visit_file_mut(file);
    let imports = use_items(shortener.imports);
    file.items.splice(0..0, imports);
}

/// Every name an item in the file defines, at any depth: a conservative shadowing set.
fn collect_names(items: &[Item], names: &mut BTreeSet<String>) {
    for item in items {
        let name = match item {
            Item::Struct(item) => Some(&item.ident),
            Item::Enum(item) => Some(&item.ident),
            Item::Type(item) => Some(&item.ident),
            Item::Fn(item) => Some(&item.sig.ident),
            Item::Const(item) => Some(&item.ident),
            Item::Static(item) => Some(&item.ident),
            Item::Trait(item) => Some(&item.ident),
            Item::Union(item) => Some(&item.ident),
            Item::Mod(item) => {
                if let Some((_, inner)) = &item.content {
                    collect_names(inner, names);
                }
                Some(&item.ident)
            }
            _ => None,
        };
        if let Some(name) = name {
            names.insert(name.to_string().trim_start_matches("r#").to_owned());
        }
    }
}

/// Adds every local binding (`let`, parameters, match arms) to the shadowing set: a parameter
/// called `expand_path` would shadow an imported `expand_path` function.
struct Bindings<'a>(&'a mut BTreeSet<String>);

impl syn::visit::Visit<'_> for Bindings<'_> {
    fn visit_pat_ident(&mut self, pat: &syn::PatIdent) {
        let name = pat.ident.to_string();
        self.0.insert(name.trim_start_matches("r#").to_owned());
        syn::visit::visit_pat_ident(self, pat);
    }
}

/// An import the file needs: the crate (`std` or `oagen_runtime`), the module path within it,
/// and the imported name.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Import {
    krate: &'static str,
    module: Vec<String>,
    name: String,
}

struct Shortener<'a> {
    defined: BTreeSet<String>,
    imports: BTreeSet<Import>,
    /// Module nesting: imports are added at the top level only, so nested modules shorten
    /// only to prelude names.
    depth: usize,
    /// Top-level modules with imports of their own.
    scopes: &'a BTreeSet<String>,
}

impl Shortener<'_> {
    fn free(&self, name: &str) -> bool {
        !self.defined.contains(name)
    }

    /// The number of leading segments to drop from an absolute path, and the import that makes
    /// the rest resolve, or `None` to leave the path as it is.
    fn plan(&self, segments: &[String]) -> Option<(usize, Option<Import>)> {
        let strs: Vec<&str> = segments.iter().map(String::as_str).collect();
        match strs.as_slice() {
            ["std", module, name, rest @ ..] => {
                if STD_PRELUDE.contains(&(*module, *name)) && self.free(name) {
                    return match rest {
                        [variant] if PRELUDE_VARIANTS.contains(variant) && self.free(variant) => {
                            Some((3, None))
                        }
                        _ => Some((2, None)),
                    };
                }
                let import = STD_IMPORTS.iter().find(|(from, imported)| {
                    from == module && (imported == name || imported == module)
                });
                match import {
                    Some((_, imported)) if self.depth == 0 && self.free(imported) => {
                        // `fmt` imports the module itself (`fmt::Display`), the others an item.
                        let (drop, from) = if imported == module {
                            (1, Vec::new())
                        } else {
                            (2, vec![(*module).to_owned()])
                        };
                        let import = Import {
                            krate: "std",
                            module: from,
                            name: (*imported).to_owned(),
                        };
                        Some((drop, Some(import)))
                    }
                    _ => None,
                }
            }
            ["oagen_runtime", name, ..] if self.depth == 0 && self.free(name) => {
                // `defined` holds item names and local bindings alike, so a free name is safe
                // for types, functions and the re-exported crates.
                let shadows_prelude = STD_PRELUDE.iter().any(|(_, prelude)| prelude == name);
                (!shadows_prelude).then(|| {
                    (
                        1,
                        Some(Import {
                            krate: "oagen_runtime",
                            module: Vec::new(),
                            name: (*name).to_owned(),
                        }),
                    )
                })
            }
            _ => None,
        }
    }

    fn shorten_path(&mut self, path: &mut Path, macro_name: bool) {
        if path.leading_colon.is_none() {
            return;
        }
        let names: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if macro_name {
            if let ["std", name] = names.iter().map(String::as_str).collect::<Vec<_>>()[..] {
                if PRELUDE_MACROS.contains(&name) {
                    drop_leading(path, 1);
                }
            }
            return;
        }
        if let Some((drop, import)) = self.plan(&names) {
            drop_leading(path, drop);
            if let Some(import) = import {
                self.imports.insert(import);
            }
        }
    }

    /// `<T as ::path::Trait>::item`: syn counts the trait's segments in `qself.position`, so
    /// shortening the trait must move it.
    fn shorten_qualified(&mut self, qself: Option<&mut syn::QSelf>, path: &mut Path) {
        let Some(qself) = qself else {
            self.visit_path_mut(path);
            return;
        };
        self.visit_type_mut(&mut qself.ty);
        let before = path.segments.len();
        if path.leading_colon.is_some() {
            let names: Vec<String> = path
                .segments
                .iter()
                .take(qself.position)
                .map(|s| s.ident.to_string())
                .collect();
            if let Some((drop, import)) = self.plan(&names) {
                drop_leading(path, drop.min(qself.position.saturating_sub(1)));
                if let Some(import) = import {
                    self.imports.insert(import);
                }
            }
        }
        qself.position -= before - path.segments.len();
        for segment in &mut path.segments {
            self.visit_path_arguments_mut(&mut segment.arguments);
        }
    }

    /// `#[derive(::std::fmt::Debug, ...)]` lists are plain tokens to syn. They are shortened
    /// token by token: asking syn to parse each list costs more than the rest of this pass.
    fn shorten_derive(&mut self, attribute: &mut syn::Attribute) {
        let syn::Meta::List(list) = &mut attribute.meta else {
            return;
        };
        let tokens: Vec<TokenTree> = std::mem::take(&mut list.tokens).into_iter().collect();
        let mut shortened = TokenStream::new();
        for (index, path) in tokens.split(is_comma).enumerate() {
            if index > 0 {
                shortened.extend([TokenTree::Punct(Punct::new(',', Spacing::Alone))]);
            }
            let drop = absolute_path_names(path).and_then(|names| {
                let prelude_derive = matches!(names.as_slice(), [std, module, name]
                    if std == "std" && (PRELUDE_DERIVES.contains(&(module.as_str(), name.as_str()))
                        || STD_PRELUDE.contains(&(module.as_str(), name.as_str()))));
                if prelude_derive {
                    return Some(2);
                }
                let (drop, import) = self.plan(&names)?;
                if let Some(import) = import {
                    self.imports.insert(import);
                }
                Some(drop)
            });
            match drop {
                // The leading `::`, then each dropped segment with the `::` after it.
                Some(drop) => shortened.extend(path.iter().skip(2 + 3 * drop).cloned()),
                None => shortened.extend(path.iter().cloned()),
            }
        }
        list.tokens = shortened;
    }

    /// `skip_serializing_if = "::std::option::Option::is_none"`: serde parses the string as a
    /// path in this module, so it shortens like any other. `crate = "..."` names a crate, not an
    /// item, and stays absolute.
    fn shorten_serde_strings(&mut self, attribute: &mut syn::Attribute) {
        let syn::Meta::List(list) = &mut attribute.meta else {
            return;
        };
        let mut after_crate = false;
        let tokens: TokenStream = std::mem::take(&mut list.tokens)
            .into_iter()
            .map(|token| {
                let proc_macro2::TokenTree::Literal(literal) = &token else {
                    if let proc_macro2::TokenTree::Ident(ident) = &token {
                        after_crate = ident == "crate";
                    }
                    return token;
                };
                let keep = std::mem::take(&mut after_crate);
                // Only an absolute path is worth parsing (`rename = "userId"` is most of them).
                if keep || !literal.to_string().starts_with("\"::") {
                    return token;
                }
                let Ok(syn::Lit::Str(text)) = syn::parse2::<syn::Lit>(literal.to_token_stream())
                else {
                    return token;
                };
                let Ok(mut path) = syn::parse_str::<Path>(&text.value()) else {
                    return token;
                };
                if keep || path.leading_colon.is_none() {
                    return token;
                }
                self.shorten_path(&mut path, false);
                let shortened = path.to_token_stream().to_string().replace(' ', "");
                proc_macro2::TokenTree::Literal(proc_macro2::Literal::string(&shortened))
            })
            .collect();
        list.tokens = tokens;
    }

    /// A module of `scopes`: shortened as the top level is, its imports put after its own `use`
    /// items (the `use super::*;` bringing in the root's names).
    fn shorten_scope(&mut self, module: &mut syn::ItemMod) {
        let outer = std::mem::take(&mut self.imports);
        visit_mut::visit_item_mod_mut(self, module);
        let imports = use_items(std::mem::replace(&mut self.imports, outer));
        if let Some((_, items)) = &mut module.content {
            let at = items
                .iter()
                .take_while(|item| matches!(item, Item::Use(_)))
                .count();
            items.splice(at..at, imports);
        }
    }
}

/// The `use` items for `imports`, grouped by the module they come from.
fn use_items(imports: BTreeSet<Import>) -> Vec<Item> {
    let mut by_source: Vec<(&'static str, Vec<String>, Vec<String>)> = Vec::new();
    for import in imports {
        match by_source.last_mut() {
            Some((krate, module, names)) if *krate == import.krate && *module == import.module => {
                names.push(import.name)
            }
            _ => by_source.push((import.krate, import.module, vec![import.name])),
        }
    }
    // rustfmt's order within braces: modules and functions, then types.
    for (_, _, names) in &mut by_source {
        names.sort_by_key(|name| (name.starts_with(char::is_uppercase), name.clone()));
    }
    by_source
        .into_iter()
        .filter_map(|(krate, module, names)| {
            let prefix = std::iter::once(krate)
                .chain(module.iter().map(String::as_str))
                .map(|segment| Ident::new(segment, Span::call_site()));
            let names = names.iter().map(|name| Ident::new(name, Span::call_site()));
            let tokens: TokenStream = if names.len() == 1 {
                quote!(use #(::#prefix)* :: #(#names)*;)
            } else {
                quote!(use #(::#prefix)* :: { #(#names),* };)
            };
            syn::parse2(tokens).ok()
        })
        .collect()
}

fn is_comma(token: &TokenTree) -> bool {
    matches!(token, TokenTree::Punct(punct) if punct.as_char() == ',')
}

/// The segment names of `::a::b::c` written as plain tokens, or `None` for anything else.
fn absolute_path_names(tokens: &[TokenTree]) -> Option<Vec<String>> {
    let mut names = Vec::new();
    let mut rest = tokens;
    loop {
        match rest {
            [TokenTree::Punct(first), TokenTree::Punct(second), TokenTree::Ident(name), tail @ ..]
                if first.as_char() == ':' && second.as_char() == ':' =>
            {
                names.push(name.to_string());
                rest = tail;
            }
            [] if !names.is_empty() => return Some(names),
            _ => return None,
        }
    }
}

fn drop_leading(path: &mut Path, count: usize) {
    let kept: Vec<PathSegment> = path.segments.iter().skip(count).cloned().collect();
    path.leading_colon = None;
    path.segments = kept.into_iter().collect();
}

impl VisitMut for Shortener<'_> {
    fn visit_item_mod_mut(&mut self, module: &mut syn::ItemMod) {
        if self.depth == 0 && self.scopes.contains(&module.ident.to_string()) {
            self.shorten_scope(module);
            return;
        }
        self.depth += 1;
        visit_mut::visit_item_mod_mut(self, module);
        self.depth -= 1;
    }

    fn visit_attribute_mut(&mut self, attribute: &mut syn::Attribute) {
        if attribute.path().is_ident("derive") {
            self.shorten_derive(attribute);
        } else if attribute.path().is_ident("serde") {
            self.shorten_serde_strings(attribute);
        }
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        self.shorten_path(&mut mac.path, true);
        // Macro arguments are tokens; the generated code puts no paths in them.
    }

    fn visit_expr_path_mut(&mut self, expr: &mut syn::ExprPath) {
        self.shorten_qualified(expr.qself.as_mut(), &mut expr.path);
    }

    fn visit_type_path_mut(&mut self, ty: &mut syn::TypePath) {
        self.shorten_qualified(ty.qself.as_mut(), &mut ty.path);
    }

    fn visit_path_mut(&mut self, path: &mut Path) {
        self.shorten_path(path, false);
        visit_mut::visit_path_mut(self, path);
    }

    fn visit_use_tree_mut(&mut self, _tree: &mut syn::UseTree) {}
}
