// Command kustomize-openapi prints, as JSON, the data `kustomize build` works from that kiln's
// kustomize stage needs: the part of kustomize's built-in Kubernetes OpenAPI data (kyaml/openapi)
// that strategic merge patches and the namespace transformer read (per resource type, the fields
// that lead to a list with a patch strategy and its merge keys; which types are cluster-scoped),
// and the builtin transformers' default field specs (api/internal/konfig/builtinpluginconsts,
// read from the api module's source given as the first argument, since the package is
// internal). Run by scripts/kustomize-openapi.mjs, which writes src/kustomize/openapi-data.ts.
package main

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"sort"
	"strings"

	"k8s.io/kube-openapi/pkg/validation/spec"
	"sigs.k8s.io/kustomize/kyaml/openapi"
	"sigs.k8s.io/kustomize/kyaml/yaml"
	sigsyaml "sigs.k8s.io/yaml"
)

// node is one schema: `f` its fields, `a` its map values, `i` its list items, `s` the patch
// strategy and `k` the merge keys kyaml reads (list-map keys first, else the merge key).
type node struct {
	F map[string]*node `json:"f,omitempty"`
	A *node            `json:"a,omitempty"`
	I *node            `json:"i,omitempty"`
	S string           `json:"s,omitempty"`
	K []string         `json:"k,omitempty"`
	R string           `json:"r,omitempty"`
}

type output struct {
	Version       string           `json:"version"`
	Definitions   map[string]*node `json:"definitions"`
	Types         map[string]string `json:"types"`
	ClusterScoped []string          `json:"clusterScoped"`
	FieldSpecs    map[string]interface{} `json:"fieldSpecs"`
}

// fieldSpecs evaluates the string constants of builtinpluginconsts (raw strings joined with +)
// and reads each `key:` document as kustomize's TransformerConfig does.
func fieldSpecs(dir string) map[string]interface{} {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, filepath.Join(dir, "internal/konfig/builtinpluginconsts"), nil, 0)
	if err != nil {
		panic(err)
	}
	exprs := map[string]ast.Expr{}
	for _, pkg := range pkgs {
		for _, f := range pkg.Files {
			for _, d := range f.Decls {
				g, ok := d.(*ast.GenDecl)
				if !ok || g.Tok != token.CONST {
					continue
				}
				for _, spec := range g.Specs {
					v := spec.(*ast.ValueSpec)
					for i, n := range v.Names {
						exprs[n.Name] = v.Values[i]
					}
				}
			}
		}
	}
	var eval func(e ast.Expr) string
	eval = func(e ast.Expr) string {
		switch x := e.(type) {
		case *ast.BasicLit:
			s, err := strconv.Unquote(x.Value)
			if err != nil {
				panic(err)
			}
			return s
		case *ast.Ident:
			return eval(exprs[x.Name])
		case *ast.BinaryExpr:
			return eval(x.X) + eval(x.Y)
		case *ast.ParenExpr:
			return eval(x.X)
		}
		panic("unexpected constant expression")
	}
	out := map[string]interface{}{}
	for name, e := range exprs {
		text := eval(e)
		if strings.HasPrefix(strings.TrimSpace(text), "-") {
			continue // a fragment other constants include (metadataLabelsFieldSpecs)
		}
		var doc map[string]interface{}
		if err := sigsyaml.Unmarshal([]byte(text), &doc); err != nil {
			panic(name + ": " + err.Error())
		}
		for k, v := range doc {
			out[k] = v
		}
	}
	return out
}

var root *spec.Schema
var defs = map[string]*node{}
var relevant = map[string]bool{}
var visiting = map[string]bool{}

func refName(s spec.Schema) string {
	r := s.Ref.String()
	return strings.TrimPrefix(r, "#/definitions/")
}

// convert turns a property schema into a node, or nil when nothing below it has a strategy.
func convert(s spec.Schema) *node {
	if name := refName(s); name != "" {
		if define(name) {
			return &node{R: name}
		}
		return nil
	}
	n := &node{}
	keep := false
	if ps, ok := s.Extensions.GetString("x-kubernetes-patch-strategy"); ok {
		n.S = ps
		keep = true
		if mk, ok := s.Extensions["x-kubernetes-list-map-keys"]; ok {
			for _, k := range mk.([]interface{}) {
				n.K = append(n.K, k.(string))
			}
		} else if k, ok := s.Extensions.GetString("x-kubernetes-patch-merge-key"); ok {
			n.K = []string{k}
		}
	}
	if len(s.Type) == 1 && s.Type[0] == "array" && s.Items != nil && s.Items.Schema != nil {
		if i := convert(*s.Items.Schema); i != nil {
			n.I = i
			keep = true
		}
	}
	if s.AdditionalProperties != nil && s.AdditionalProperties.Schema != nil {
		if a := convert(*s.AdditionalProperties.Schema); a != nil {
			n.A = a
			keep = true
		}
	}
	for f, p := range s.Properties {
		if c := convert(p); c != nil {
			if n.F == nil {
				n.F = map[string]*node{}
			}
			n.F[f] = c
			keep = true
		}
	}
	if !keep {
		return nil
	}
	return n
}

// define converts a definition once; it reports whether the definition is kept.
func define(name string) bool {
	if done, ok := relevant[name]; ok {
		return done
	}
	if visiting[name] {
		// a recursive definition (JSONSchemaProps): assume kept, settled when the walk returns
		return true
	}
	visiting[name] = true
	d := root.Definitions[name]
	n := convert(d)
	delete(visiting, name)
	relevant[name] = n != nil
	if n != nil {
		defs[name] = n
	}
	return n != nil
}

func main() {
	root = openapi.Schema()
	out := output{Version: openapi.GetSchemaVersion(), Types: map[string]string{}, ClusterScoped: []string{}}
	out.FieldSpecs = fieldSpecs(os.Args[1])
	names := make([]string, 0, len(root.Definitions))
	for name := range root.Definitions {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		d := root.Definitions[name]
		gvks, ok := d.Extensions["x-kubernetes-group-version-kind"].([]interface{})
		if !ok {
			continue
		}
		for _, g := range gvks {
			m := g.(map[string]interface{})
			group, _ := m["group"].(string)
			version, _ := m["version"].(string)
			kind, _ := m["kind"].(string)
			apiVersion := version
			if group != "" {
				apiVersion = group + "/" + version
			}
			id := apiVersion + "|" + kind
			tm := yaml.TypeMeta{APIVersion: apiVersion, Kind: kind}
			if ns, found := openapi.IsNamespaceScoped(tm); found && !ns {
				out.ClusterScoped = append(out.ClusterScoped, id)
			}
			if define(name) {
				out.Types[id] = name
			}
		}
	}
	sort.Strings(out.ClusterScoped)
	out.Definitions = defs
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "")
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
}
