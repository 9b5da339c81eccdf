// Command kstatus prints how kstatus judges Kubernetes objects: the upstream library
// (sigs.k8s.io/cli-utils, used by kpt and Config Sync) and Flux's fork (github.com/fluxcd/cli-utils,
// used by Flux's health checks and `flux ... --wait`), which also reads a Ready condition.
// Input: a JSON array of objects, in the file named by the argument or on stdin. Output: one line
// per object, "<upstream> <flux>".
// Built by hack/install-tools.sh; the tests compare the operator's conditions with it.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	fluxstatus "github.com/fluxcd/cli-utils/pkg/kstatus/status"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	upstream "sigs.k8s.io/cli-utils/pkg/kstatus/status"
)

func main() {
	input := os.Stdin
	if len(os.Args) > 1 {
		file, err := os.Open(os.Args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, "kstatus:", err)
			os.Exit(2)
		}
		defer file.Close()
		input = file
	}
	decoder := json.NewDecoder(input)
	decoder.UseNumber()
	var objects []map[string]interface{}
	if err := decoder.Decode(&objects); err != nil {
		fmt.Fprintln(os.Stderr, "kstatus: reading a JSON array of objects:", err)
		os.Exit(2)
	}
	for _, object := range objects {
		u := &unstructured.Unstructured{Object: integers(object).(map[string]interface{})}
		up, err := upstream.Compute(u)
		if err != nil {
			fmt.Fprintln(os.Stderr, "kstatus: upstream:", err)
			os.Exit(1)
		}
		flux, err := fluxstatus.Compute(u)
		if err != nil {
			fmt.Fprintln(os.Stderr, "kstatus: flux:", err)
			os.Exit(1)
		}
		fmt.Printf("%s %s\n", up.Status, flux.Status)
	}
}

// integers turns JSON numbers into int64 where they are whole, as the API server's decoder does.
func integers(value interface{}) interface{} {
	switch v := value.(type) {
	case map[string]interface{}:
		for key, item := range v {
			v[key] = integers(item)
		}
		return v
	case []interface{}:
		for i, item := range v {
			v[i] = integers(item)
		}
		return v
	case json.Number:
		if n, err := v.Int64(); err == nil {
			return n
		}
		f, _ := v.Float64()
		return f
	default:
		return v
	}
}
