//! `Validate` impls for every type a request can carry, so constraints are checked before sending.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::{
    Api, Constraints, EnumDef, Field, Presence, Rule, StructDef, TypeDef, TypeRef, UnionDef,
};

/// Named types reachable from request bodies and parameters: only they need checking.
pub fn request_types(api: &Api) -> BTreeSet<String> {
    let mut pending: Vec<&TypeRef> = Vec::new();
    for operation in &api.operations {
        pending.extend(operation.body.iter().map(|body| &body.ty));
        pending.extend(operation.parameters.iter().map(|parameter| &parameter.ty));
    }
    let mut seen = BTreeSet::new();
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Named(name) if seen.insert(name.clone()) => match api.types.get(name) {
                Some(TypeDef::Struct(def)) => {
                    pending.extend(def.fields.iter().map(|field| &field.ty))
                }
                Some(TypeDef::Union(def)) => {
                    pending.extend(def.variants.iter().map(|variant| &variant.ty))
                }
                _ => {}
            },
            TypeRef::Array(inner) | TypeRef::Map(inner) => pending.push(inner),
            _ => {}
        }
    }
    seen
}

/// The `Validate` impl for one named type.
pub fn emit_validate(def: &TypeDef) -> TokenStream {
    match def {
        TypeDef::Enum(def) => emit_enum(def),
        TypeDef::Struct(def) => emit_struct(def),
        TypeDef::Union(def) => emit_union(def),
    }
}

fn emit_union(def: &UnionDef) -> TokenStream {
    let name = ident(&def.name);
    let arms = def.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        match value_checks(&variant.ty, &Constraints::default(), quote!(value)) {
            Some(checks) => quote!(Self::#variant_name(value) => { #checks }),
            None => quote!(Self::#variant_name(_) => {}),
        }
    });
    let other = def.other_variant.as_ref().map(|other| {
        let other = ident(other);
        quote!(Self::#other(_) => {})
    });
    quote! {
        impl ::oagen_runtime::Validate for #name {
            #[allow(unused_variables)]
            fn validate(&self, at: &str, report: &mut ::oagen_runtime::Report) {
                match self {
                    #(#arms)*
                    #other
                }
            }
        }
    }
}

fn emit_enum(def: &EnumDef) -> TokenStream {
    let name = ident(&def.name);
    quote! {
        impl ::oagen_runtime::Validate for #name {
            fn validate(&self, at: &str, report: &mut ::oagen_runtime::Report) {
                report.known_value(at, self.is_known(), self.as_str());
            }
        }
    }
}

fn emit_struct(def: &StructDef) -> TokenStream {
    let name = ident(&def.name);
    let checks: Vec<TokenStream> = def.fields.iter().filter_map(field_checks).collect();
    let rules: Vec<TokenStream> = def
        .rules
        .iter()
        .filter_map(|rule| rule_check(def, rule))
        .collect();
    let uses = !checks.is_empty() || !rules.is_empty();
    let (at, report) = if uses {
        (quote!(at), quote!(report))
    } else {
        (quote!(_at), quote!(_report))
    };
    quote! {
        impl ::oagen_runtime::Validate for #name {
            fn validate(&self, #at: &str, #report: &mut ::oagen_runtime::Report) {
                #(#checks)*
                #(#rules)*
            }
        }
    }
}

/// `Option<&T>` for a field, whatever its presence wrapper.
pub fn field_value(field: &Field, owner: TokenStream) -> TokenStream {
    let field_name = ident(&field.rust_name);
    match field.presence {
        Presence::Required | Presence::Defaulted(_) | Presence::Flattened => {
            quote!(::std::option::Option::Some(&#owner.#field_name))
        }
        Presence::Optional | Presence::RequiredNullable | Presence::OptionalNullable => {
            quote!(#owner.#field_name.as_ref())
        }
    }
}

fn field_checks(field: &Field) -> Option<TokenStream> {
    let checks = value_checks(&field.ty, &field.constraints, quote!(value))?;
    let value = field_value(field, quote!(self));
    let wire = format!(
        "{{at}}.{}",
        field.wire_name.replace('{', "{{").replace('}', "}}")
    );
    Some(quote! {
        if let ::std::option::Option::Some(value) = #value {
            let at = &::std::format!(#wire);
            #checks
        }
    })
}

/// Checks for one value (`value: &T`) against its type and constraints, or `None` if there is
/// nothing to check.
pub fn value_checks(
    ty: &TypeRef,
    constraints: &Constraints,
    value: TokenStream,
) -> Option<TokenStream> {
    let mut checks = Vec::new();
    match ty {
        TypeRef::String => {
            if let Some(max) = constraints.max_length {
                checks.push(quote!(report.max_length(at, #value, #max);));
            }
            if let Some(min) = constraints.min_length {
                checks.push(quote!(report.min_length(at, #value, #min);));
            }
        }
        ty if ty.is_numeric() => {
            if let Some(min) = constraints.minimum {
                let exclusive = constraints.exclusive_minimum;
                checks.push(quote!(report.minimum(at, *#value as f64, #min, #exclusive);));
            }
            if let Some(max) = constraints.maximum {
                let exclusive = constraints.exclusive_maximum;
                checks.push(quote!(report.maximum(at, *#value as f64, #max, #exclusive);));
            }
        }
        TypeRef::Array(inner) => {
            if let Some(min) = constraints.min_items.filter(|min| *min > 0) {
                checks.push(quote!(report.min_items(at, #value.len(), #min);));
            }
            if let Some(max) = constraints.max_items {
                checks.push(quote!(report.max_items(at, #value.len(), #max);));
            }
            if has_named(inner) {
                checks.push(quote!(::oagen_runtime::Validate::validate(#value, at, report);));
            }
        }
        TypeRef::Named(_) | TypeRef::Map(_) if has_named(ty) => {
            checks.push(quote!(::oagen_runtime::Validate::validate(#value, at, report);));
        }
        _ => {}
    }
    (!checks.is_empty()).then(|| quote!(#(#checks)*))
}

fn has_named(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Array(inner) | TypeRef::Map(inner) => has_named(inner),
        _ => false,
    }
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
