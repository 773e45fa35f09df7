//! `Validate` impls for every type a request can carry, so constraints are checked before sending.
//! What to check was decided in lowering (`Api::validated_types`, `Constraints::checks`, rules
//! resolved to field indices); this module only writes it.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use super::ident;
use super::patterns::pattern_static;
use crate::ir::{
    holds_validated, validated_tuple_items, Api, ConstraintCheck, Constraints, Field, Presence,
    StringFormat, StructDef, StructRule, TypeDef, TypeRef, UnionDef,
};

/// How a checked value is reached: by reference (`value` bound by `if let Some(value) = &..`)
/// or as a place of its own type (`self.name`, a numeric argument).
pub enum Value {
    Ref(TokenStream),
    Owned(TokenStream),
}

impl Value {
    fn reference(&self) -> TokenStream {
        match self {
            Value::Ref(value) => value.clone(),
            Value::Owned(value) => quote!(&#value),
        }
    }

    fn copied(&self) -> TokenStream {
        match self {
            Value::Ref(value) => quote!(*#value),
            Value::Owned(value) => value.clone(),
        }
    }
}

/// The `Validate` impl for one named request type: empty (the trait's default) when the type
/// has nothing to check, none for enums (`string_enum!` implements it).
pub fn emit_validate(api: &Api, def: &TypeDef) -> TokenStream {
    let name = ident(def.name());
    let body = match def {
        TypeDef::Enum(_) => return TokenStream::new(),
        _ if !api.validated_types.contains(def.name()) => {
            return quote!(impl ::oagen_runtime::Validate for #name {});
        }
        TypeDef::Struct(def) => emit_struct(api, def),
        TypeDef::Union(def) => emit_union(api, def),
    };
    quote! {
        impl ::oagen_runtime::Validate for #name {
            fn validate(&self, at: &str, report: &mut ::oagen_runtime::Report) {
                #body
            }
        }
    }
}

fn emit_union(api: &Api, def: &UnionDef) -> TokenStream {
    let arms = def.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let value = Value::Ref(quote!(value));
        let checks = value_checks(
            api,
            &variant.ty,
            &Constraints::default(),
            &value,
            &At::Bound,
        );
        if checks.is_empty() {
            quote!(Self::#variant_name(_) => {})
        } else {
            quote!(Self::#variant_name(value) => { #(#checks)* })
        }
    });
    let other = def.other_variant.as_ref().map(|other| {
        let other = ident(other);
        quote!(Self::#other(_) => {})
    });
    quote! {
        match self {
            #(#arms)*
            #other
        }
    }
}

fn emit_struct(api: &Api, def: &StructDef) -> TokenStream {
    let checks = def
        .fields
        .iter()
        .filter_map(|field| field_checks(api, field));
    let rules = def.rules.iter().map(|rule| rule_check(def, rule));
    quote!(#(#checks)* #(#rules)*)
}

/// `Option<&T>` for a field, whatever its presence wrapper.
pub fn field_value(field: &Field, owner: TokenStream) -> TokenStream {
    let field_name = ident(&field.rust_name);
    match field.presence {
        Presence::Required | Presence::Defaulted(_) | Presence::Flattened => {
            quote!(Some(&#owner.#field_name))
        }
        Presence::Optional | Presence::RequiredNullable | Presence::OptionalNullable => {
            quote!(#owner.#field_name.as_ref())
        }
    }
}

/// How many checks `value_checks` writes for a value of type `ty`.
fn check_count(api: &Api, ty: &TypeRef, constraints: &Constraints) -> usize {
    let items: usize = validated_tuple_items(&api.validated_types, ty)
        .into_iter()
        .map(|(_, item)| check_count(api, item, &Constraints::default()))
        .sum();
    constraints.checks(ty).len() + usize::from(holds_validated(&api.validated_types, ty)) + items
}

fn field_checks(api: &Api, field: &Field) -> Option<TokenStream> {
    let field_name = ident(&field.rust_name);
    let always_present = matches!(
        field.presence,
        Presence::Required | Presence::Defaulted(_) | Presence::Flattened
    );
    let value = if always_present {
        Value::Owned(quote!(self.#field_name))
    } else {
        Value::Ref(quote!(value))
    };
    let wire = format!(
        "{{at}}.{}",
        field.wire_name.replace('{', "{{").replace('}', "}}")
    );
    let path = At::Expression(quote!(&::std::format!(#wire)));
    let count = check_count(api, &field.ty, &field.constraints);
    let checks = match count {
        0 => return None,
        // One check names the path inline; several share one formatted path.
        1 => {
            let checks = value_checks(api, &field.ty, &field.constraints, &value, &path);
            quote!(#(#checks)*)
        }
        _ => {
            let checks = value_checks(api, &field.ty, &field.constraints, &value, &At::Bound);
            quote!(let at = #path; #(#checks)*)
        }
    };
    Some(match (always_present, count) {
        (true, 1) => checks,
        (true, _) => quote!({ #checks }),
        (false, _) => {
            let option = field_value(field, quote!(self));
            quote!(if let Some(value) = #option { #checks })
        }
    })
}

/// Where a checked value is, as the generated code names it: a `&str` for the report.
pub enum At {
    /// The binding `at: &str` already in scope (a `validate` method's argument, or a path
    /// formatted once for several checks).
    Bound,
    /// An expression giving the `&str`.
    Expression(TokenStream),
}

impl ToTokens for At {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            At::Bound => tokens.extend(quote!(at)),
            At::Expression(expression) => expression.to_tokens(tokens),
        }
    }
}

/// Checks for one value against its type and constraints, named by `at`.
pub fn value_checks(
    api: &Api,
    ty: &TypeRef,
    constraints: &Constraints,
    value: &Value,
    at: &At,
) -> Vec<TokenStream> {
    let mut checks: Vec<TokenStream> = constraints
        .checks(ty)
        .into_iter()
        .map(|check| constraint_check(check, value, at))
        .collect();
    if holds_validated(&api.validated_types, ty) {
        let value = value.reference();
        checks.push(quote!(::oagen_runtime::Validate::validate(#value, #at, report);));
    }
    // Tuples have no `Validate` impl: each item is checked on its own, at `at[index]`.
    for (index, item) in validated_tuple_items(&api.validated_types, ty) {
        // Field access auto-derefs, so the item is a place whichever form the tuple is in.
        let (Value::Ref(whole) | Value::Owned(whole)) = value;
        let position = syn::Index::from(index);
        let item_value = Value::Owned(quote!(#whole.#position));
        let item_at_template = format!("{{}}[{index}]");
        let item_at = At::Expression(quote!(&::std::format!(#item_at_template, #at)));
        checks.extend(value_checks(
            api,
            item,
            &Constraints::default(),
            &item_value,
            &item_at,
        ));
    }
    checks
}

fn constraint_check(check: ConstraintCheck, value: &Value, at: &At) -> TokenStream {
    // Method calls auto-deref, so either form takes `.len()` as it is.
    let (Value::Ref(items) | Value::Owned(items)) = value;
    match check {
        ConstraintCheck::MaxLength(max) => {
            let text = value.reference();
            quote!(report.max_length(#at, #text, #max);)
        }
        ConstraintCheck::MinLength(min) => {
            let text = value.reference();
            quote!(report.min_length(#at, #text, #min);)
        }
        ConstraintCheck::Minimum(min, exclusive) => {
            let number = value.copied();
            quote!(report.minimum(#at, #number, #min, #exclusive);)
        }
        ConstraintCheck::Maximum(max, exclusive) => {
            let number = value.copied();
            quote!(report.maximum(#at, #number, #max, #exclusive);)
        }
        ConstraintCheck::MinItems(min) => quote!(report.min_items(#at, #items.len(), #min);),
        ConstraintCheck::MaxItems(max) => quote!(report.max_items(#at, #items.len(), #max);),
        ConstraintCheck::Pattern(pattern) => {
            let text = value.reference();
            match &pattern.static_name {
                Some(name) => {
                    let name = ident(name);
                    quote!(report.pattern(#at, #text, &#name);)
                }
                // A static of its own, built on first use and kept: no lock or lookup on later
                // requests.
                None => {
                    let item = pattern_static(&quote!(PATTERN), &pattern);
                    quote!({ #item report.pattern(#at, #text, &PATTERN); })
                }
            }
        }
        ConstraintCheck::Format(format) => {
            let text = value.reference();
            let format = ident(match format {
                StringFormat::Uuid => "Uuid",
                StringFormat::Date => "Date",
                StringFormat::DateTime => "DateTime",
                StringFormat::Email => "Email",
                StringFormat::Ipv4 => "Ipv4",
                StringFormat::Ipv6 => "Ipv6",
            });
            quote!(report.format(#at, #text, ::oagen_runtime::Format::#format);)
        }
        ConstraintCheck::MultipleOfInteger(step) => {
            let number = value.copied();
            quote!(report.multiple_of_integer(#at, #number as i128, #step);)
        }
        ConstraintCheck::MultipleOf(step) => {
            let number = value.copied();
            quote!(report.multiple_of(#at, #number, #step);)
        }
        // Deref coercion turns a `&Vec` (or `&&[T]`) into the `&[T]` the report takes.
        ConstraintCheck::UniqueItems => {
            let items = value.reference();
            quote!(report.unique_items(#at, #items);)
        }
        ConstraintCheck::MinProperties(min) => {
            quote!(report.min_properties(#at, #items.len(), #min);)
        }
        ConstraintCheck::MaxProperties(max) => {
            quote!(report.max_properties(#at, #items.len(), #max);)
        }
        ConstraintCheck::EachItem(checks) => {
            let checks = item_checks(checks);
            with_at_bound(
                at,
                quote! {
                    for (index, item) in #items.iter().enumerate() {
                        let at = &::std::format!("{at}[{index}]");
                        #(#checks)*
                    }
                },
            )
        }
        ConstraintCheck::EachValue(checks) => {
            let checks = item_checks(checks);
            with_at_bound(
                at,
                quote! {
                    for (key, item) in #items.iter() {
                        let at = &::std::format!("{at}.{key}");
                        #(#checks)*
                    }
                },
            )
        }
    }
}

/// `check` with `at` bound to the path in a block of its own, unless it is bound already, so a
/// loop can write its item paths with inline arguments.
fn with_at_bound(at: &At, check: TokenStream) -> TokenStream {
    match at {
        At::Bound => check,
        At::Expression(path) => quote!({ let at: &str = #path; #check }),
    }
}

/// The checks on one item bound by reference as `item`, named by `at` (shadowed per item, so
/// nested lists take `items[0][1]`).
fn item_checks(checks: Vec<ConstraintCheck>) -> Vec<TokenStream> {
    let item = Value::Ref(quote!(item));
    checks
        .into_iter()
        .map(|check| constraint_check(check, &item, &At::Bound))
        .collect()
}

fn rule_check(def: &StructDef, rule: &StructRule) -> TokenStream {
    let value = |index: usize| {
        let field = &def.fields[index];
        (&field.wire_name, field_value(field, quote!(self)))
    };
    match *rule {
        StructRule::Requires { field, requires } => {
            let (field, has_field) = value(field);
            let (requires, has_requires) = value(requires);
            quote! {
                report.requires(at, #field, #has_field.is_some(), #requires, #has_requires.is_some());
            }
        }
        StructRule::Ordered { earlier, later } => {
            let (earlier, earlier_value) = value(earlier);
            let (later, later_value) = value(later);
            quote! {
                report.ordered(at, (#earlier, #earlier_value), (#later, #later_value));
            }
        }
        StructRule::PropertyCount { min, max } => {
            let count = property_count(def);
            let min = min.map(|min| quote!(report.min_properties(at, count, #min);));
            let max = max.map(|max| quote!(report.max_properties(at, count, #max);));
            quote!({ let count: usize = #count; #min #max })
        }
    }
}

/// How many properties a struct value sends: its always-sent fields as one number, plus a term
/// for each field that may be left out and the entries of a flattened map.
fn property_count(def: &StructDef) -> TokenStream {
    let mut always = 0usize;
    let mut terms = Vec::new();
    for field in &def.fields {
        let name = ident(&field.rust_name);
        match field.presence {
            Presence::Required | Presence::RequiredNullable | Presence::Defaulted(_) => {
                always += 1;
            }
            Presence::Optional => terms.push(quote!(usize::from(self.#name.is_some()))),
            Presence::OptionalNullable => terms.push(quote!(usize::from(!self.#name.is_absent()))),
            Presence::Flattened => terms.push(quote!(self.#name.len())),
        }
    }
    if always > 0 || terms.is_empty() {
        terms.insert(0, quote!(#always));
    }
    quote!(#(#terms)+*)
}
