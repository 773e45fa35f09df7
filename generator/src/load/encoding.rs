//! Request-body `encoding` entries with their `explode` written out.
//!
//! The typed model reads an absent `explode` as `false`, but OpenAPI makes it `true` for
//! `style: form` (the default style). Lowering must tell `style: form` (pairs per item) from
//! `style: form, explode: false` (one comma list), so before the typed parse every entry that
//! gives a `style` or an `explode` gets both, with the spec's defaults. An entry giving neither
//! is left as it is: lowering reads it as "no style chosen".

use serde_json::Value;

/// Writes out `style` and `explode` in every request body's `encoding` entries, under `paths`
/// and `components/requestBodies`.
pub(super) fn explicit_styles(document: &mut Value) {
    if let Some(Value::Object(paths)) = document.get_mut("paths") {
        for item in paths.values_mut() {
            let Value::Object(item) = item else { continue };
            for operation in item.values_mut() {
                if let Some(body) = operation.get_mut("requestBody") {
                    in_body(body);
                }
            }
        }
    }
    if let Some(Value::Object(bodies)) = document
        .get_mut("components")
        .and_then(|components| components.get_mut("requestBodies"))
    {
        for body in bodies.values_mut() {
            in_body(body);
        }
    }
}

fn in_body(body: &mut Value) {
    let Some(Value::Object(content)) = body.get_mut("content") else {
        return;
    };
    for media in content.values_mut() {
        let Some(Value::Object(encoding)) = media.get_mut("encoding") else {
            continue;
        };
        for entry in encoding.values_mut() {
            let Value::Object(entry) = entry else {
                continue;
            };
            if !entry.contains_key("style") && !entry.contains_key("explode") {
                continue;
            }
            let style = entry
                .entry("style")
                .or_insert_with(|| Value::String("form".to_owned()));
            let form = style.as_str() == Some("form");
            entry.entry("explode").or_insert(Value::Bool(form));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::explicit_styles;
    use serde_json::json;

    #[test]
    fn explode_follows_the_style_default() {
        let mut document = json!({"paths": {"/a": {"post": {"requestBody": {"content": {
        "application/x-www-form-urlencoded": {"encoding": {
            "form": {"style": "form"},
            "pipes": {"style": "pipeDelimited"},
            "flat": {"explode": false},
            "kept": {"style": "form", "explode": false},
            "json": {"contentType": "application/json"},
        }}}}}}}});
        explicit_styles(&mut document);
        let encoding = &document["paths"]["/a"]["post"]["requestBody"]["content"]
            ["application/x-www-form-urlencoded"]["encoding"];
        assert_eq!(encoding["form"], json!({"style": "form", "explode": true}));
        assert_eq!(
            encoding["pipes"],
            json!({"style": "pipeDelimited", "explode": false})
        );
        assert_eq!(encoding["flat"], json!({"style": "form", "explode": false}));
        assert_eq!(encoding["kept"], json!({"style": "form", "explode": false}));
        assert_eq!(encoding["json"], json!({"contentType": "application/json"}));
    }
}
