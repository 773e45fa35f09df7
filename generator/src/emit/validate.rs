//! `Validate` impls for every type a request can carry, so constraints are checked before sending.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::{Api, Constraints, Field, Presence, Rule, StructDef, TypeDef, TypeRef, UnionDef};

/// Which request types have something to check. The others get an empty `impl Validate` (the
/// trait's default) and nobody calls into them.
pub struct Checked {
    needs: BTreeSet<String>,
}

impl Checked {
    pub fn new(api: &Api) -> Self {
        let mut checked = Checked {
            needs: BTreeSet::new(),
        };
        // A fixpoint, because a struct needs checking when a field's type does, and types can
        // refer to each other in cycles.
        loop {
            let before = checked.needs.len();
            for name in &api.request_types {
                let needs = match api.types.get(name) {
                    Some(TypeDef::Enum(_)) => true,
                    Some(TypeDef::Struct(def)) => {
                        def.rules
                            .iter()
                            .any(|rule| !matches!(rule, Rule::ForbiddenWhen { .. }))
                            || def.fields.iter().any(|field| {
                                checked.has_constraint_checks(&field.ty, &field.constraints)
                                    || checked.needs(&field.ty)
                            })
                    }
                    Some(TypeDef::Union(def)) => def
                        .variants
                        .iter()
                        .any(|variant| checked.needs(&variant.ty)),
                    None => false,
                };
                if needs {
                    checked.needs.insert(name.clone());
                }
            }
            if checked.needs.len() == before {
                return checked;
            }
        }
    }

    /// True when a value of this type has something to check beyond its own constraints.
    pub fn needs(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(name) => self.needs.contains(name),
            TypeRef::Array(inner) | TypeRef::Map(inner) => self.needs(inner),
            _ => false,
        }
    }

    /// True when `constraints` produce a check on a value of type `ty`.
    fn has_constraint_checks(&self, ty: &TypeRef, constraints: &Constraints) -> bool {
        let value = Value::Owned(TokenStream::new());
        !value_checks(self, ty, constraints, &value, &TokenStream::new()).is_empty()
    }
}

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

/// The `Validate` impl for one named request type.
pub fn emit_validate(def: &TypeDef, checked: &Checked) -> TokenStream {
    let name = ident(def.name());
    if let TypeDef::Enum(_) = def {
        // `string_enum!` implements it.
        return TokenStream::new();
    }
    if !checked.needs(&TypeRef::Named(def.name().to_owned())) {
        return quote!(impl ::oagen_runtime::Validate for #name {});
    }
    let body = match def {
        TypeDef::Enum(_) => return TokenStream::new(),
        TypeDef::Struct(def) => emit_struct(def, checked),
        TypeDef::Union(def) => emit_union(def, checked),
    };
    quote! {
        impl ::oagen_runtime::Validate for #name {
            fn validate(&self, at: &str, report: &mut ::oagen_runtime::Report) {
                #body
            }
        }
    }
}

fn emit_union(def: &UnionDef, checked: &Checked) -> TokenStream {
    let at = quote!(at);
    let arms = def.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let value = Value::Ref(quote!(value));
        let checks = value_checks(checked, &variant.ty, &Constraints::default(), &value, &at);
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

fn emit_struct(def: &StructDef, checked: &Checked) -> TokenStream {
    let checks = def
        .fields
        .iter()
        .filter_map(|field| field_checks(checked, field));
    let rules = def.rules.iter().filter_map(|rule| rule_check(def, rule));
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

fn field_checks(checked: &Checked, field: &Field) -> Option<TokenStream> {
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
    let path = quote!(&::std::format!(#wire));
    let probe = value_checks(checked, &field.ty, &field.constraints, &value, &path);
    let checks = match probe.len() {
        0 => return None,
        // One check names the path inline; several share one formatted path.
        1 => quote!(#(#probe)*),
        _ => {
            let checks = value_checks(checked, &field.ty, &field.constraints, &value, &quote!(at));
            quote!(let at = #path; #(#checks)*)
        }
    };
    Some(match (always_present, probe.len()) {
        (true, 1) => checks,
        (true, _) => quote!({ #checks }),
        (false, _) => {
            let option = field_value(field, quote!(self));
            quote!(if let Some(value) = #option { #checks })
        }
    })
}

/// Checks for one value against its type and constraints; `at` is a `&str` expression naming it.
pub fn value_checks(
    checked: &Checked,
    ty: &TypeRef,
    constraints: &Constraints,
    value: &Value,
    at: &TokenStream,
) -> Vec<TokenStream> {
    let mut checks = Vec::new();
    match ty {
        TypeRef::String => {
            let text = value.reference();
            if let Some(max) = constraints.max_length {
                checks.push(quote!(report.max_length(#at, #text, #max);));
            }
            if let Some(min) = constraints.min_length {
                checks.push(quote!(report.min_length(#at, #text, #min);));
            }
        }
        ty if ty.is_numeric() => {
            let number = value.copied();
            if let Some(min) = constraints.minimum {
                let exclusive = constraints.exclusive_minimum;
                checks.push(quote!(report.minimum(#at, #number as f64, #min, #exclusive);));
            }
            if let Some(max) = constraints.maximum {
                let exclusive = constraints.exclusive_maximum;
                checks.push(quote!(report.maximum(#at, #number as f64, #max, #exclusive);));
            }
        }
        TypeRef::Array(_) => {
            // Method calls auto-deref, so either form takes `.len()` as it is.
            let (Value::Ref(items) | Value::Owned(items)) = value;
            if let Some(min) = constraints.min_items.filter(|min| *min > 0) {
                checks.push(quote!(report.min_items(#at, #items.len(), #min);));
            }
            if let Some(max) = constraints.max_items {
                checks.push(quote!(report.max_items(#at, #items.len(), #max);));
            }
        }
        _ => {}
    }
    if checked.needs(ty) {
        let value = value.reference();
        checks.push(quote!(::oagen_runtime::Validate::validate(#value, #at, report);));
    }
    checks
}

fn rule_check(def: &StructDef, rule: &Rule) -> Option<TokenStream> {
    let find = |wire: &str| def.fields.iter().find(|field| field.wire_name == wire);
    match rule {
        Rule::Requires { field, requires } => {
            let has_field = field_value(find(field)?, quote!(self));
            let has_requires = field_value(find(requires)?, quote!(self));
            Some(quote! {
                report.requires(at, #field, #has_field.is_some(), #requires, #has_requires.is_some());
            })
        }
        Rule::Ordered { earlier, later } => {
            let earlier_value = field_value(find(earlier)?, quote!(self));
            let later_value = field_value(find(later)?, quote!(self));
            Some(quote! {
                report.ordered(at, (#earlier, #earlier_value), (#later, #later_value));
            })
        }
        Rule::ForbiddenWhen { .. } => None,
    }
}
