//! A validator for the OpenAPI 3.0 schemas of Dialogporten's published end-user contract
//! (`tests/fixtures/altinn3/openapi.v1.enduser.json`, a copy of the published v1.119.1
//! file under its MIT licence, read at test time, its BOM stripped).
//! OpenAPI 3.0 schemas are not JSON Schema (`nullable`, `format: guid`), so this is the
//! subset the contract uses: `$ref`, `type`, `nullable`, `properties`, `required`,
//! `additionalProperties`, `items`, `enum`, `oneOf`/`anyOf`/`allOf`, and the formats
//! `date-time`, `guid`/`uuid`, `int32` and `uri`.

use serde_json::Value;
use std::path::PathBuf;

pub struct Contract {
    pub doc: Value,
}

/// Where the contract is: `$ALTINN3_OPENAPI` (e.g. a newer published file to try), else
/// the copy in `tests/fixtures/altinn3/`, so that `cargo test` needs nothing beside the
/// repository.
pub fn contract_path() -> PathBuf {
    if let Some(p) = std::env::var_os("ALTINN3_OPENAPI") {
        return PathBuf::from(p);
    }
    super::manifest_dir().join("tests/fixtures/altinn3/openapi.v1.enduser.json")
}

impl Contract {
    pub fn load() -> Contract {
        let path = contract_path();
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (the Dialogporten contract)", path.display()));
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        Contract {
            doc: serde_json::from_str(text).expect("the contract is JSON"),
        }
    }

    /// The operation for `method` and a concrete `path` (under `/api/v1/...`), with the
    /// path parameters it binds.
    pub fn operation(&self, method: &str, path: &str) -> Option<(&Value, Vec<(String, String)>)> {
        let paths = self.doc["paths"].as_object()?;
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        for (template, ops) in paths {
            let tparts: Vec<&str> = template.trim_matches('/').split('/').collect();
            if tparts.len() != parts.len() {
                continue;
            }
            let mut bound = Vec::new();
            let fits = tparts.iter().zip(&parts).all(|(t, p)| {
                if t.starts_with('{') && t.ends_with('}') {
                    bound.push((t[1..t.len() - 1].to_string(), p.to_string()));
                    true
                } else {
                    t == p
                }
            });
            if fits && let Some(op) = ops.get(method.to_ascii_lowercase()) {
                return Some((op, bound));
            }
        }
        None
    }

    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let name = r.trim_start_matches("#/components/schemas/");
                &self.doc["components"]["schemas"][name]
            }
            None => schema,
        }
    }

    /// The errors of `value` against `schema` (empty when it conforms).
    pub fn validate(&self, schema: &Value, value: &Value, at: &str) -> Vec<String> {
        let mut errors = Vec::new();
        self.check(schema, value, at, &mut errors);
        errors
    }

    fn check(&self, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
        if schema.get("$ref").is_some() {
            let target = self.resolve(schema);
            if value.is_null() && schema.get("nullable") == Some(&Value::Bool(true)) {
                return;
            }
            return self.check(target, value, at, errors);
        }
        if value.is_null() {
            if schema.get("nullable") == Some(&Value::Bool(true)) {
                return;
            }
            // An untyped schema (`{}`) or a oneOf whose wrapper is nullable takes null.
            if schema.get("type").is_none()
                && schema.get("oneOf").is_none()
                && schema.get("enum").is_none()
            {
                return;
            }
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            for s in all {
                self.check(s, value, at, errors);
            }
        }
        if let Some(one) = schema.get("oneOf").and_then(Value::as_array) {
            let ok = one
                .iter()
                .filter(|s| self.validate(s, value, at).is_empty())
                .count();
            if ok != 1 {
                errors.push(format!(
                    "{at}: matches {ok} of the oneOf schemas, not exactly one"
                ));
            }
        }
        if let Some(any) = schema.get("anyOf").and_then(Value::as_array)
            && !any.iter().any(|s| self.validate(s, value, at).is_empty())
        {
            errors.push(format!("{at}: matches none of anyOf"));
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array)
            && !values.contains(value)
        {
            errors.push(format!("{at}: {value} is not one of {values:?}"));
        }
        let Some(kind) = schema.get("type").and_then(Value::as_str) else {
            return;
        };
        let fits = match kind {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            _ => true,
        };
        if !fits {
            errors.push(format!("{at}: {value} is not of type {kind}"));
            return;
        }
        if let Some(format) = schema.get("format").and_then(Value::as_str) {
            check_format(format, value, at, errors);
        }
        match kind {
            "object" => {
                let obj = value.as_object().expect("checked");
                let props = schema.get("properties").and_then(Value::as_object);
                for req in schema
                    .get("required")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let req = req.as_str().unwrap_or("");
                    if !obj.contains_key(req) {
                        errors.push(format!("{at}: the required property {req:?} is missing"));
                    }
                }
                for (k, v) in obj {
                    let here = format!("{at}.{k}");
                    match props.and_then(|p| p.get(k)) {
                        Some(s) => self.check(s, v, &here, errors),
                        None => match schema.get("additionalProperties") {
                            Some(Value::Bool(false)) => {
                                errors.push(format!("{here}: not a property of the schema"))
                            }
                            Some(s @ Value::Object(_)) => self.check(s, v, &here, errors),
                            _ => {}
                        },
                    }
                }
            }
            "array" => {
                if let Some(items) = schema.get("items") {
                    for (i, v) in value.as_array().expect("checked").iter().enumerate() {
                        self.check(items, v, &format!("{at}[{i}]"), errors);
                    }
                }
            }
            _ => {}
        }
    }

    /// The errors of a query or header parameter's raw `value` against its schema
    /// (arrays take each repeated value as one item).
    pub fn validate_param(&self, schema: &Value, value: &str, at: &str) -> Vec<String> {
        let schema = self.resolve(schema);
        let kind = schema.get("type").and_then(Value::as_str);
        let item_schema = if kind == Some("array") {
            schema.get("items").cloned().unwrap_or(Value::Null)
        } else {
            schema.clone()
        };
        let target = self.resolve(&item_schema);
        let typed = match target.get("type").and_then(Value::as_str) {
            Some("integer") => value
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or(Value::String(value.into())),
            Some("boolean") => match value {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::String(value.into()),
            },
            _ => Value::String(value.into()),
        };
        self.validate(&item_schema, &typed, at)
    }
}

fn check_format(format: &str, value: &Value, at: &str, errors: &mut Vec<String>) {
    let ok = match (format, value) {
        ("date-time", Value::String(s)) => chrono::DateTime::parse_from_rfc3339(s).is_ok(),
        ("guid" | "uuid", Value::String(s)) => is_uuid(s),
        ("uri", Value::String(s)) => url::Url::parse(s).is_ok(),
        ("int32", v) => v.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        _ => true,
    };
    if !ok {
        errors.push(format!("{at}: {value} is not a valid {format}"));
    }
}

pub fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}
