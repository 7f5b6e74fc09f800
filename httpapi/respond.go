package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// writeJSON writes v as the JSON body with a status.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode response: %w", err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	// A failed write means the client went away; there is no one left to tell.
	_, _ = w.Write(append(b, '\n'))
	return nil
}

// noContent answers 204.
func noContent(w http.ResponseWriter) error {
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// list is the body of every list endpoint that has no paging: {"items":[…]}.
type list[T any] struct {
	Items []T `json:"items"`
}

// items wraps a list, answering [] rather than null for none.
func items[T any](xs []T) list[T] {
	if xs == nil {
		xs = []T{}
	}
	return list[T]{Items: xs}
}
