// Package schema embeds the JSON Schema of the model format, which editors
// use to complete and check eventstorm.yaml.
package schema

import _ "embed"

// JSON is the JSON Schema (draft-07) of model format 1.
//
//go:embed eventstorm.schema.json
var JSON []byte

// FileName is the schema's file name beside a model.
const FileName = "eventstorm.schema.json"
