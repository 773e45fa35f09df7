//! Names of the functions generated for struct fields (builder setters, `clear_*` methods,
//! spec-default functions), decided once every pass that changes a field's presence has run,
//! so emitters only write them.

use std::collections::BTreeMap;

use crate::ir::{Presence, StructDef, StructMethods, TypeDef};
use crate::naming::{generated, snake_ident, UniqueNames};

/// The method and function names for every struct in `types`.
pub(crate) fn name_struct_methods(
    types: &BTreeMap<String, TypeDef>,
) -> BTreeMap<String, StructMethods> {
    // One module holds every struct's default functions, so their names share one scope.
    let mut default_functions = UniqueNames::new();
    types
        .values()
        .filter_map(|def| match def {
            TypeDef::Struct(def) => Some(def),
            _ => None,
        })
        .map(|def| {
            (
                def.name.clone(),
                struct_methods(def, &mut default_functions),
            )
        })
        .collect()
}

fn struct_methods(def: &StructDef, default_functions: &mut UniqueNames) -> StructMethods {
    let mut methods = UniqueNames::with_reserved(generated::STRUCT_METHODS);
    let mut names = StructMethods::default();
    // Setters first, so each keeps its field's name where it can; the `clear_*` methods, named
    // by the generator, give way to a field that is called `clear_...` itself.
    for field in &def.fields {
        if !matches!(
            field.presence,
            Presence::Required | Presence::RequiredNullable
        ) {
            let setter = methods.claim(&field.rust_name);
            names.setters.insert(field.rust_name.clone(), setter);
        }
    }
    for field in &def.fields {
        let bare = field.rust_name.trim_start_matches("r#");
        if field.presence == Presence::OptionalNullable {
            let clear = methods.claim(&format!("{}{bare}", generated::CLEAR_PREFIX));
            names.clears.insert(field.rust_name.clone(), clear);
        }
        if let Presence::Defaulted(_) = field.presence {
            let function = default_functions.claim(&snake_ident(&format!("{} {bare}", def.name)));
            names.defaults.insert(field.rust_name.clone(), function);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{DefaultValue, Field, TypeRef};

    fn field(name: &str, presence: Presence) -> Field {
        Field {
            presence,
            ..crate::lower::test_support::field(name, TypeRef::String)
        }
    }

    fn structure(name: &str, fields: Vec<Field>) -> (String, TypeDef) {
        let def = StructDef {
            name: name.to_owned(),
            pointer: String::new(),
            doc: None,
            fields,
            rules: Vec::new(),
        };
        (name.to_owned(), TypeDef::Struct(def))
    }

    #[test]
    fn generated_method_names_give_way_to_nothing_and_spec_names_get_numbered() {
        let default = || Presence::Defaulted(DefaultValue::Bool(true));
        let types: BTreeMap<String, TypeDef> = [
            structure(
                "Thing",
                vec![
                    field("id", Presence::Required),
                    field("new", Presence::Optional),
                    field("note", Presence::OptionalNullable),
                    field("clear_note", Presence::Optional),
                    field("r#type", Presence::OptionalNullable),
                    field("flag_x", default()),
                ],
            ),
            // `Thing` + `flag_x` and `ThingFlag` + `x` would share a default function name.
            structure("ThingFlag", vec![field("x", default())]),
        ]
        .into_iter()
        .collect();
        let methods = name_struct_methods(&types);
        let thing = &methods["Thing"];
        let setters: Vec<(&str, &str)> = thing
            .setters
            .iter()
            .map(|(field, setter)| (field.as_str(), setter.as_str()))
            .collect();
        assert_eq!(
            setters,
            [
                ("clear_note", "clear_note"),
                ("flag_x", "flag_x"),
                ("new", "new_2"),
                ("note", "note"),
                ("r#type", "r#type"),
            ]
        );
        assert_eq!(thing.clears["note"], "clear_note_2");
        assert_eq!(thing.clears["r#type"], "clear_type");
        assert_eq!(thing.defaults["flag_x"], "thing_flag_x");
        assert_eq!(methods["ThingFlag"].defaults["x"], "thing_flag_x_2");
    }
}
