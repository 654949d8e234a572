package playbooks

import (
	"encoding/json"

	"github.com/tsrhq/tsr/checks"
)

type obj = map[string]any

// Schema returns the JSON Schema (2020-12) of the playbook format, built
// from the check registry, so editors know every type's parameters and
// fields.
func Schema() []byte {
	var perType []any
	for _, t := range checks.All() {
		props := obj{}
		var required []string
		for _, p := range t.Params {
			props[p.Name] = paramSchema(p)
			if p.Required {
				required = append(required, p.Name)
			}
		}
		with := obj{"type": "object", "properties": props, "additionalProperties": false}
		if len(required) > 0 {
			with["required"] = required
		}
		fields := obj{}
		for _, f := range t.AllFields() {
			fields[f.Name] = obj{"description": f.Description() + " (" + string(f.Kind) + ")"}
		}
		asserts := obj{"type": "object", "properties": fields, "additionalProperties": false}
		fixKeys := FixKeys(t)
		fix := obj{"anyOf": []any{obj{"type": "string"}, obj{"type": "object", "propertyNames": obj{"enum": fixKeys}}}}
		then := obj{"properties": obj{"with": with, "expect": asserts, "warn": asserts, "fix": fix}}
		if len(required) > 0 {
			then["required"] = []string{"with"}
		}
		perType = append(perType, obj{
			"if":   obj{"properties": obj{"uses": obj{"const": t.Name}}, "required": []string{"uses"}},
			"then": then,
		})
	}
	check := obj{
		"type":     "object",
		"required": []string{"id", "uses"},
		"properties": obj{
			"id":       obj{"type": "string", "pattern": idPattern.String()},
			"uses":     obj{"enum": checks.Names()},
			"title":    obj{"type": "string"},
			"with":     obj{"type": "object"},
			"expect":   obj{"type": "object", "description": "unmet -> fail; omitted: the type's defaults"},
			"warn":     obj{"type": "object", "description": "unmet -> warn; omitted: the type's defaults"},
			"severity": obj{"enum": checks.Severities},
			"fix": obj{"description": "advice: one text, or texts keyed by an error kind, fail, warn or default (the first that applies is shown)",
				"anyOf": []any{obj{"type": "string"}, obj{"type": "object", "minProperties": 1, "additionalProperties": obj{"type": "string"}}}},
			"tier":        obj{"enum": checks.Tiers},
			"timeout":     obj{"type": "string", "pattern": `^([0-9.]+(ns|us|µs|ms|s|m|h))+$`},
			"retries":     obj{"type": "integer", "minimum": 0, "maximum": MaxRetries, "description": "run again up to N more times when the check fails or errors; a later pass is warn"},
			"retry_delay": obj{"type": "string", "pattern": `^([0-9.]+(ns|us|µs|ms|s|m|h))+$`, "description": "pause before each retry; default 200ms"},
			"needs":       obj{"anyOf": []any{obj{"type": "string"}, obj{"type": "array", "items": obj{"type": "string"}, "uniqueItems": true}}},
			"when": obj{"type": "object", "additionalProperties": false, "properties": obj{
				"os":         obj{"anyOf": []any{obj{"enum": knownOS}, obj{"type": "array", "items": obj{"enum": knownOS}}}},
				"privileged": obj{"const": true, "description": "run only as root or Administrator; skip otherwise"},
			}},
		},
		"additionalProperties": false,
		"allOf":                perType,
	}
	schema := obj{
		"$schema":  "https://json-schema.org/draft/2020-12/schema",
		"$id":      "https://tsr.dev/schema/playbook-1.json",
		"title":    "tsr playbook (tsr/1)",
		"type":     "object",
		"required": []string{"tsr", "name", "checks"},
		"properties": obj{
			"tsr":         obj{"const": FormatVersion},
			"name":        obj{"type": "string", "pattern": namePattern.String()},
			"title":       obj{"type": "string"},
			"description": obj{"type": "string"},
			"vars": obj{"type": "object", "additionalProperties": obj{
				"oneOf": []any{obj{"type": []string{"string", "number", "boolean", "null"}}, obj{"type": "array", "items": obj{"type": []string{"string", "number", "boolean"}}}},
			}},
			"checks": obj{"type": "array", "minItems": 1, "items": check},
		},
		"additionalProperties": false,
	}
	b, _ := json.MarshalIndent(schema, "", "  ")
	return append(b, '\n')
}

func paramSchema(p checks.Param) obj {
	s := obj{"description": p.Doc}
	if p.Default != nil {
		s["default"] = p.Default
	}
	ref := obj{"type": "string", "pattern": `\$\{`} // a reference stands for any type
	var typed obj
	switch p.Kind {
	case checks.KindBool: // tsr reads "true" as true, like YAML 1.1 tools
		typed = obj{"anyOf": []any{obj{"type": "boolean"}, obj{"enum": []string{"true", "false"}}}}
	case checks.KindInt:
		typed = obj{"anyOf": []any{obj{"type": "integer"}, obj{"type": "string", "pattern": `^\s*-?[0-9]+\s*$`}}}
	case checks.KindFloat, checks.KindPercent:
		typed = obj{"type": []string{"number", "string"}}
	case checks.KindBytes:
		typed = obj{"type": []string{"integer", "string"}}
	case checks.KindList:
		typed = obj{"type": "array", "items": obj{"type": []string{"string", "number"}}}
	case checks.KindMap:
		typed = obj{"type": "object", "additionalProperties": obj{"type": []string{"string", "number", "boolean"}}}
	default:
		typed = obj{"type": "string"}
		if len(p.Enum) > 0 {
			typed["enum"] = p.Enum
		}
	}
	s["anyOf"] = []any{typed, ref}
	return s
}
